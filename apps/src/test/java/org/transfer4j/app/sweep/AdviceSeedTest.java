package org.transfer4j.app.sweep;

import org.transfer4j.app.finetune.RunSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.advise.Advise;
import org.transfer4j.app.advise.AdviseReport;
import org.transfer4j.app.advise.AdviseReportWriter;

/** A sweep seeded from an advise report written by the advise command's own writer. */
class AdviceSeedTest {
    @TempDir
    Path tmp;

    static SweepOptions options(String... args) {
        SweepOptions o = new SweepOptions();
        new picocli.CommandLine(o).parseArgs(args);
        return o;
    }

    Path report(List<Advise.Score> scores) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("advice"));
        AdviseReportWriter.writeAll(new AdviseReport(scores, List.of(), "r", null, List.of("x"), "data", 10, 1.0,
                org.transfer4j.report.Provenance.of("data", null, null)), dir);
        return dir.resolve(AdviseReportWriter.JSON);
    }

    @Test
    void theBestPretrainedBackboneAndItsSuggestedCutSeedTheTemplate() throws Exception {
        // Scores as advise orders them (LogME, best first): the control first, then b's cuts; b's best probe is at "deep".
        Path f = report(List.of(new Advise.Score("catalogue:b", "mid", true, 10, 0.9, 0.5, 1),
                new Advise.Score("catalogue:b", "mid", false, 10, 0.5, 0.6, 1),
                new Advise.Score("catalogue:b", "deep", false, 10, 0.3, 0.8, 1),
                new Advise.Score("keras:a.h5", "x", false, 10, 0.1, 0.9, 1)));
        SweepOptions o = options("--advice", f.toString());
        RunSpec seeded = AdviceSeed.template(o);
        assertEquals("catalogue:b", seeded.base());
        assertEquals("deep", seeded.plan().featureVertex());
        assertEquals(seeded, AdviceSeed.template(o), "the options are not changed: the same template again");
        assertEquals(o.template.run().data(), seeded.data(), "only the base and the cut change");
        SweepOptions none = options();
        assertEquals(none.template.run(), AdviceSeed.template(none), "no --advice, no change");
        assertNull(AdviceSeed.template(none).plan().featureVertex());
    }

    @Test
    void probedStrategiesNarrowTheLearningRateToTheRangeTheySupported() throws Exception {
        var scores = List.of(new Advise.Score("catalogue:b", "deep", false, 10, 0.3, 0.8, 1));
        var rec = new org.transfer4j.advise.StrategyAdvice.Recommendation(
                org.transfer4j.plan.Strategy.lastBlocks(2), List.of("b1", "b2"), 3e-4, 1e-3, 0.8, 0.02, 10, false, false, "t");
        var advice = new org.transfer4j.advise.StrategyAdvice("catalogue:b", "deep", 100, 20, 20, 60, 30, List.of(), List.of(), rec);
        Path dir = Files.createDirectories(tmp.resolve("probed"));
        AdviseReportWriter.writeAll(new AdviseReport(scores, List.of(), "r", advice, List.of("x"), "data", 10, 1.0,
                org.transfer4j.report.Provenance.of("data", null, null)), dir);
        SweepOptions o = options("--advice", dir.resolve(AdviseReportWriter.JSON).toString());
        SpaceSpec seeded = AdviceSeed.space(o, SpaceSpec.defaults());
        SpaceSpec.Param lr = seeded.parameters().get("learningRate");
        assertEquals(1.5e-4, lr.min(), 1e-12);
        assertEquals(2e-3, lr.max(), 1e-12);
        assertTrue(lr.log());
        assertEquals(SpaceSpec.defaults().parameters().get("strategy"), seeded.parameters().get("strategy"), "strategies stay");
        SpaceSpec unprobed = AdviceSeed.space(options("--advice", report(scores).toString()), SpaceSpec.defaults());
        assertEquals(SpaceSpec.defaults().parameters(), unprobed.parameters(), "a ranking-only report leaves the space");
        assertEquals(SpaceSpec.defaults().parameters(), AdviceSeed.space(options(), SpaceSpec.defaults()).parameters());
    }

    @Test
    void aFileThatIsNotAReportOrSeedsNothingIsRefusedNamingIt() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.json"), "not json");
        String m = assertThrows(java.io.IOException.class, () -> AdviceSeed.template(options("--advice", junk.toString()))).getMessage();
        assertTrue(m.contains(junk.toString()) && m.contains("run ./transfer4j.sh advise first"), m);
        Path empty = Files.writeString(tmp.resolve("empty.json"), "{}");
        m = assertThrows(java.io.IOException.class, () -> AdviceSeed.template(options("--advice", empty.toString()))).getMessage();
        assertTrue(m.contains("has no scores"), m);
        Path controls = report(List.of(new Advise.Score("catalogue:b", "mid", true, 10, 0.9, 0.5, 1)));
        m = assertThrows(IllegalArgumentException.class, () -> AdviceSeed.template(options("--advice", controls.toString()))).getMessage();
        assertTrue(m.contains("scores no pretrained candidate"), m);
    }
}
