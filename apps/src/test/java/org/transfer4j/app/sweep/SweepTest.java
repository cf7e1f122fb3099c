package org.transfer4j.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spaces, generators and the pruner, without training. */
class SweepTest {
    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> propose(SweepOptions o, int n) {
        CandidateGenerator g = Sweep.generator(o, new TransferSpace(SpaceSpec.defaults().toArbiter()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n && g.hasMoreCandidates(); i++) {
            out.add((Map<String, Object>) g.getCandidate().getValue());
        }
        return out;
    }

    @Test
    void aSeededRandomSweepProposesTheSameCandidatesTwice() {
        SweepOptions o = new SweepOptions();
        List<Map<String, Object>> a = propose(o, 8);
        List<Map<String, Object>> b = propose(o, 8);
        assertEquals(a, b);
        assertEquals(8, a.size());
        assertEquals(SpaceSpec.NAMES, List.copyOf(a.get(0).keySet()));
        assertTrue(a.stream().map(m -> m.get("strategy")).distinct().count() > 1, "the space is explored: " + a);
        double lr = ((Number) a.get(0).get("learningRate")).doubleValue();
        assertTrue(lr >= 3e-4 && lr <= 1e-2, "log-uniform head rate within its range: " + lr);
        o.sweepSeed = 7;
        assertNotEquals(a, propose(o, 8), "another seed, other candidates");
    }

    @Test
    void gridAndGeneticGeneratorsProposeCandidatesOfTheSpace() {
        SweepOptions o = new SweepOptions();
        o.generator = SweepOptions.Generator.GRID;
        o.gridPoints = 2;
        List<Map<String, Object>> grid = propose(o, 10_000);
        // 3 strategies x 2 grid points for blocks (integer 1..3) and each of 4 continuous parameters
        // x 2 hidden sizes x 3 batch sizes x 2 policies; the fixed augmentation magnitude adds none
        assertEquals(3 * 2 * 16 * 2 * 3 * 2, grid.size());
        o.generator = SweepOptions.Generator.GENETIC;
        assertEquals(5, propose(o, 5).size());
    }

    @Test
    void aSpaceFileIsValidatedWithTheBadValueQuoted() throws Exception {
        Path f = tmp.resolve("space.json");
        Files.writeString(f, "{\"parameters\": {\"learningRate\": {\"min\": 0.0, \"max\": 0.1, \"log\": true}}}");
        Exception e = assertThrows(java.io.IOException.class, () -> SpaceSpec.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("min=0.0"), e.getMessage());
        Files.writeString(f, "{\"parameters\": {\"momentum\": {\"value\": 0.9}}}");
        e = assertThrows(java.io.IOException.class, () -> SpaceSpec.read(f));
        assertTrue(e.getMessage().contains("unknown sweep parameter 'momentum'"), e.getMessage());
    }

    @Test
    void arbitersScoreIsTheJournalledValidationAccuracy() {
        Journal.Entry e = new Journal.Entry(3, Map.of(), Journal.Entry.COMPLETE, 0.875, 0.86, List.of(0.8, 0.875), null, null,
                1.0, "candidates/003");
        assertEquals(0.875, new ValidationScore().score(e, new ValidationScore.NoData(), Map.of()));
        assertTrue(!new ValidationScore().minimize());
        Journal.Entry failed = new Journal.Entry(4, Map.of(), Journal.Entry.FAILED, null, null, List.of(), null, "trace", 0, "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ValidationScore().score(failed, null, Map.of()))
                .getMessage().contains("scored sweep journal entry"));
    }

    @Test
    void successiveHalvingKeepsTheBestHalfAtEachRung() {
        SuccessiveHalving sh = new SuccessiveHalving(2, 2);
        assertTrue(sh.continueAfter(1, 0.1), "not a rung");
        assertTrue(sh.continueAfter(2, 0.50), "first at the rung: too few to compare");
        assertTrue(sh.continueAfter(2, 0.60), "best of two");
        assertTrue(!sh.continueAfter(2, 0.40), "worst of three: outside the best half (2 of 3)");
        assertTrue(sh.continueAfter(2, 0.55), "second of four");
        assertTrue(sh.isRung(4) && sh.isRung(8) && !sh.isRung(6));
        SuccessiveHalving replayed = new SuccessiveHalving(2, 2);
        replayed.replay(List.of(0.1, 0.5));
        replayed.replay(List.of(0.2, 0.6));
        assertTrue(!replayed.continueAfter(2, 0.40), "replayed rungs decide as the original ones did");
    }
}
