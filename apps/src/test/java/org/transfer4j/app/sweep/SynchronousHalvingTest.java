package org.transfer4j.app.sweep;

import org.transfer4j.app.finetune.RunSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.Progress;

/** The synchronous schedule and its decisions, with scripted validation curves instead of training. */
class SynchronousHalvingTest {
    @TempDir
    Path tmp;

    @Test
    void rungsGrowByEtaUpToTheLastEpoch() {
        assertEquals(List.of(1, 2, 4, 8, 10), new SynchronousHalving(1, 2, 10, true).rungs());
        assertEquals(List.of(2, 6, 9), new SynchronousHalving(2, 3, 9, true).rungs());
        assertEquals(List.of(4), new SynchronousHalving(4, 2, 4, true).rungs());
        assertEquals(List.of(10), new SynchronousHalving(1, 2, 10, false).rungs(), "without pruning only the end");
        assertEquals(List.of(1), new SynchronousHalving(1, 2, 1, true).rungs(), "one epoch: one rung");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SynchronousHalving(1, 1, 4, true)).getMessage()
                .contains("got 1, 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SynchronousHalving(1, 2, 0, true)).getMessage()
                .contains("maxEpochs must be >= 1, got 0"));
    }

    @Test
    void theBestOneInEtaGoOnAndTiesGoToTheLowerIndex() {
        assertEquals(Set.of(3, 1), SynchronousHalving.keep(Map.of(0, 0.5, 1, 0.7, 2, 0.2, 3, 0.9), 2));
        assertEquals(Set.of(0, 2), SynchronousHalving.keep(Map.of(0, 0.5, 1, 0.4, 2, 0.5), 2), "ceil(3/2) = 2, a tie at 0.5");
        assertEquals(Set.of(0, 1), SynchronousHalving.keep(Map.of(4, 0.6, 1, 0.6, 0, 0.6), 2), "all tied: lowest indices");
        assertEquals(Set.of(5), SynchronousHalving.keep(Map.of(5, 0.1, 6, 0.05, 7, 0.0), 3));
        assertEquals(Set.of(0), SynchronousHalving.keep(Map.of(0, 0.1), 2), "fewer than eta: all go on");
        assertEquals(Set.of(0, 1), SynchronousHalving.keep(Map.of(0, 0.1, 1, 0.0), 3));
        assertEquals(Set.of(), SynchronousHalving.keep(Map.of(), 2));
    }

    /** The template the scripted runner is handed (it trains nothing). */
    static final RunSpec TEMPLATE = new org.transfer4j.app.finetune.FineTuneOptions().run();

    /** Candidate i's validation accuracy at epoch e is curves[i][e-1]; a curve shorter than maxEpochs stops early. */
    static final class Scripted implements SynchronousHalving.Runner {
        final double[][] curves;
        final int maxEpochs;
        final List<String> calls = new ArrayList<>();
        final Set<Integer> failing;

        Scripted(int maxEpochs, Set<Integer> failing, double[]... curves) {
            this.curves = curves;
            this.maxEpochs = maxEpochs;
            this.failing = failing;
        }

        @Override
        public List<RungResult> run(RunSpec template, List<RungJob> jobs) {
            List<RungResult> out = new ArrayList<>();
            for (RungJob j : jobs) {
                calls.add(j.index() + "@" + j.until());
                if (failing.contains(j.index())) {
                    out.add(RungResult.of(j.index(), Journal.Entry.FAILED, null, null, null, null, "trace", 1));
                    continue;
                }
                double[] c = curves[j.index()];
                int done = Math.min(j.until(), c.length);
                List<Double> curve = new ArrayList<>();
                for (int e = 0; e < done; e++) {
                    curve.add(c[e]);
                }
                boolean end = done == c.length || done >= maxEpochs;
                out.add(RungResult.of(j.index(), end ? Journal.Entry.COMPLETE : RungResult.PAUSED, Collections.max(curve),
                        Collections.max(curve) - 0.01, curve, end ? "ended" : null, null, 1));
            }
            Collections.reverse(out); // a runner may return results in any order
            return out;
        }
    }

    static Map<Integer, Map<String, Object>> candidates(int n) {
        Map<Integer, Map<String, Object>> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(i, new LinkedHashMap<>(Map.of("learningRate", 0.001 * (i + 1))));
        }
        return m;
    }

    static Map<Integer, String> outcome(Journal j) {
        Map<Integer, String> m = new TreeMap<>();
        j.entries().forEach(e -> m.put(e.index(), e.status() + " " + e.validationByEpoch() + " " + e.score()));
        return m;
    }

    static Scripted sixCandidates() {
        return new Scripted(4, Set.of(5),
                new double[] {0.50, 0.60, 0.70, 0.80},  // 0: kept at 1 and 2, completes
                new double[] {0.40, 0.45, 0.50, 0.55},  // 1: kept at 1 (3rd of 5), pruned at 2 (3rd of 3)
                new double[] {0.30, 0.90, 0.95, 0.96},  // 2: pruned at 1 (4th of 5), though it would have won
                new double[] {0.20, 0.30, 0.40, 0.50},  // 3: pruned at 1
                new double[] {0.60, 0.61},              // 4: stops early at epoch 2, where it is still compared
                new double[] {0.99});                   // 5: fails, so it is never compared
    }

    @Test
    void everyRungTrainsTheKeptCandidatesAndTheRestArePrunedWithTheirCurves() throws Exception {
        Scripted s = sixCandidates();
        Journal j = new Journal(tmp.resolve("a"));
        int[] steps = {0};
        List<String> logged = new ArrayList<>();
        new SynchronousHalving(1, 2, 4, true).run(candidates(6), TEMPLATE, j, s, counting(steps, logged));
        assertEquals(List.of("rung at epoch 1: 6 candidate(s) train", "rung at epoch 2: 3 candidate(s) train",
                "rung at epoch 4: 1 candidate(s) train"), logged);
        assertEquals(List.of("0@1", "1@1", "2@1", "3@1", "4@1", "5@1", "0@2", "1@2", "4@2", "0@4"), s.calls);
        Map<Integer, String> o = outcome(j);
        assertEquals("complete [0.5, 0.6, 0.7, 0.8] 0.8", o.get(0));
        assertEquals("pruned [0.4, 0.45] 0.45", o.get(1));
        assertEquals("pruned [0.3] 0.3", o.get(2));
        assertEquals("pruned [0.2] 0.2", o.get(3));
        assertEquals("complete [0.6, 0.61] 0.61", o.get(4));
        assertEquals("failed [] null", o.get(5));
        assertEquals(6, steps[0], "one progress step per candidate, when it ends");
        assertTrue(j.get(2).stopReason().contains("rung at epoch 1") && j.get(2).stopReason().contains("best 1/2 of 5"),
                j.get(2).stopReason());
        assertTrue(j.get(1).stopReason().contains("rung at epoch 2") && j.get(1).stopReason().contains("best 1/2 of 3"),
                j.get(1).stopReason());
        assertEquals("candidates/002", j.get(2).directory());
        assertEquals(0.3 - 0.01, j.get(2).testAccuracy(), 1e-12);
        assertEquals(3.0, j.get(0).seconds(), 1e-12, "a candidate's seconds add up over its rungs");
    }

    @Test
    void aRestartedDriverRebuildsTheDecisionsFromTheJournal() throws Exception {
        Journal whole = new Journal(tmp.resolve("whole"));
        new SynchronousHalving(1, 2, 4, true).run(candidates(6), TEMPLATE, whole, sixCandidates(), counting(new int[1]));
        // A driver that died after journalling candidates 2 to 5: the restart trains only 0 and 1 again (from their
        // checkpoints), yet compares all five scored ones at the first rung and three at the second.
        Path dir = tmp.resolve("restarted");
        Journal partial = new Journal(dir);
        for (int i : List.of(2, 3, 4, 5)) {
            partial.add(whole.get(i));
        }
        Scripted s = sixCandidates();
        new SynchronousHalving(1, 2, 4, true).run(candidates(6), TEMPLATE, new Journal(dir), s, counting(new int[1]));
        assertEquals(List.of("0@1", "1@1", "0@2", "1@2", "0@4"), s.calls);
        assertEquals(outcome(whole), outcome(new Journal(dir)));
    }

    @Test
    void withoutPruningEveryCandidateTrainsToTheEnd() throws Exception {
        Scripted s = sixCandidates();
        Journal j = new Journal(tmp.resolve("b"));
        new SynchronousHalving(1, 2, 4, false).run(candidates(3), TEMPLATE, j, s, counting(new int[1]));
        assertEquals(List.of("0@4", "1@4", "2@4"), s.calls);
        assertTrue(j.entries().stream().allMatch(e -> e.status().equals(Journal.Entry.COMPLETE)));
    }

    @Test
    void aRunnerThatLosesResultsIsAnError() {
        SynchronousHalving.Runner lossy = (t, jobs) -> List.of();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SynchronousHalving(1, 2, 4, true)
                .run(candidates(2), TEMPLATE, new Journal(tmp.resolve("c")), lossy, counting(new int[1])));
        assertTrue(e.getMessage().contains("2 jobs gave 0 results"), e.getMessage());
    }

    static Progress counting(int[] steps) {
        return counting(steps, new ArrayList<>());
    }

    static Progress counting(int[] steps, List<String> logged) {
        return new Progress() {
            public void step() {
                steps[0]++;
            }

            public void phase(String m) {
            }

            public void log(String m) {
                logged.add(m);
            }
        };
    }
}
