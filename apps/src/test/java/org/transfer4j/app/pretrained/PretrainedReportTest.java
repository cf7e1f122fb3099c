package org.transfer4j.app.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PretrainedReportTest {
    private static PretrainedRun.Outcome run(Method m, int k, long seed, double acc) {
        return new PretrainedRun.Outcome(m, k, seed, acc, 2.0 * seed, 8, 100);
    }

    @Test
    void cellsAreMeanSampleSdAndRangeOverSeeds() {
        Method fe = Method.featureExtraction("out_relu");
        List<PretrainedReport.Cell> cells = PretrainedReport.cells(List.of(Method.pixels(), fe), List.of(10),
                List.of(run(fe, 10, 1, 0.5), run(fe, 10, 2, 0.7), run(fe, 10, 3, 0.6), run(Method.pixels(), 10, 1, 0.4),
                        run(fe, 100, 1, 0.9)));
        assertEquals(2, cells.size());
        PretrainedReport.Cell c = cells.get(1);
        assertEquals("feature extraction at out_relu", c.method());
        assertTrue(c.transfers());
        assertEquals(3, c.n());
        assertEquals(0.6, c.mean(), 1e-12);
        assertEquals(0.1, c.sd(), 1e-12); // sqrt((0.01 + 0.01 + 0) / 2)
        assertEquals(0.5, c.min(), 1e-12);
        assertEquals(0.7, c.max(), 1e-12);
        assertEquals(4.0, c.meanSeconds(), 1e-12);
        assertEquals(0, cells.get(0).sd(), "one seed: no spread");
    }

    @Test
    void theVerdictComparesTheBestUseOfTheBackboneWithTheBestMethodWithoutIt() {
        PretrainedReport.Cell pixels = new PretrainedReport.Cell("pixels", false, 10, 3, 0.70, 0.01, 0.69, 0.71, 1);
        PretrainedReport.Cell scratch = new PretrainedReport.Cell("scratch", false, 10, 3, 0.75, 0.02, 0.73, 0.77, 1);
        PretrainedReport.Cell fe = new PretrainedReport.Cell("fe", true, 10, 3, 0.60, 0.03, 0.57, 0.63, 1);
        PretrainedReport.Cell ft = new PretrainedReport.Cell("ft", true, 10, 3, 0.80, 0.01, 0.79, 0.81, 1);
        PretrainedReport.Verdict v = PretrainedReport.Verdict.of(10, List.of(pixels, scratch, fe, ft));
        assertEquals("ft", v.best());
        assertEquals("ft", v.bestTransfer());
        assertEquals("scratch", v.bestWithout());
        assertEquals(0.05, v.margin(), 1e-12);
        assertEquals(0.03, v.spread(), 1e-12);
        assertTrue(v.sentence().contains("(ft) beats the best method without it (scratch) by 5.0 points, larger than the"
                + " seeds' spread (3.0 points)"), v.sentence());

        PretrainedReport.Verdict behind = PretrainedReport.Verdict.of(10, List.of(scratch, fe));
        assertEquals("scratch", behind.best());
        assertEquals(-0.15, behind.margin(), 1e-12);
        assertTrue(behind.sentence().contains("(fe) trails the best method without it (scratch) by 15.0 points, larger than"),
                behind.sentence());

        PretrainedReport.Cell close = new PretrainedReport.Cell("ft", true, 10, 3, 0.76, 0.02, 0.74, 0.78, 1);
        assertTrue(PretrainedReport.Verdict.of(10, List.of(scratch, close)).sentence().contains("within the seeds' spread (4.0 points)"));

        // Margin equal to the spread is "within"; two seeds give a spread; a zero margin "beats".
        PretrainedReport.Cell twoSeeds = new PretrainedReport.Cell("ft", true, 10, 2, 0.78, 0.01, 0.77, 0.79, 1);
        PretrainedReport.Verdict edge = PretrainedReport.Verdict.of(10, List.of(scratch, twoSeeds));
        assertEquals(0.03, edge.spread(), 1e-12);
        PretrainedReport.Cell exact = new PretrainedReport.Cell("ft", true, 10, 3, 0.75 + 0.0625, 0.0425, 0, 1, 1);
        PretrainedReport.Cell scratch2 = new PretrainedReport.Cell("scratch", false, 10, 3, 0.75, 0.02, 0, 1, 1);
        assertEquals(0.0625, PretrainedReport.Verdict.of(10, List.of(scratch2, exact)).spread(), 1e-12);
        assertTrue(PretrainedReport.Verdict.of(10, List.of(scratch2, exact)).sentence().contains("within the seeds' spread"));
        PretrainedReport.Cell tie = new PretrainedReport.Cell("ft", true, 10, 3, 0.75, 0.01, 0, 1, 1);
        assertTrue(PretrainedReport.Verdict.of(10, List.of(scratch, tie)).sentence().contains("(ft) beats"));

        PretrainedReport.Cell oneSeed = new PretrainedReport.Cell("ft", true, 10, 1, 0.76, 0, 0.76, 0.76, 1);
        PretrainedReport.Verdict single = PretrainedReport.Verdict.of(10, List.of(scratch, oneSeed));
        assertTrue(Double.isNaN(single.spread()));
        assertTrue(single.sentence().contains("one seed only"), single.sentence());

        PretrainedReport.Verdict onlyTransfer = PretrainedReport.Verdict.of(10, List.of(fe, ft));
        assertNull(onlyTransfer.bestWithout());
        assertEquals("K=10: ft is best.", onlyTransfer.sentence());
    }

    @Test
    void cutRankingComparesLogMeWithFeatureExtractionsAccuracy() {
        List<String> cuts = List.of("a", "b", "c");
        // Probe accuracies: a 0.5 (mean of 0.4 and 0.6), b 0.8, c 0.7 (order a < c < b, as LogME's); the last
        // value is the ridge head's test accuracy.
        List<PretrainedReport.CutScore> scores = List.of(new PretrainedReport.CutScore("a", 10, 1, -1.0, 0.4, 0.5),
                new PretrainedReport.CutScore("a", 10, 2, -0.8, 0.6, 0.7), new PretrainedReport.CutScore("b", 10, 1, 0.2, 0.8, 0.75),
                new PretrainedReport.CutScore("c", 10, 1, -0.5, 0.7, 0.65), new PretrainedReport.CutScore("c", 100, 1, 9.0, 0.1, 0.2));
        List<PretrainedReport.Cell> cells = List.of(
                new PretrainedReport.Cell("feature extraction at a", true, 10, 1, 0.3, 0, 0, 1, 1),
                new PretrainedReport.Cell("feature extraction at b", true, 10, 1, 0.6, 0, 0, 1, 1),
                new PretrainedReport.Cell("feature extraction at c", true, 10, 1, 0.7, 0, 0, 1, 1),
                new PretrainedReport.Cell("feature extraction at a", true, 100, 1, 0.99, 0, 0, 1, 1));
        PretrainedReport.CutRanking r = PretrainedReport.CutRanking.of(10, cuts, scores, cells);
        // LogME means a -0.9, b 0.2, c -0.5 (order a < c < b); accuracies a < b < c: pairs (a,b), (a,c) agree, (b,c) not.
        assertEquals(1.0 / 3, r.kendallTau(), 1e-12);
        assertEquals("b", r.logMeBest());
        assertEquals("c", r.accuracyBest());
        assertEquals(1.0 / 3, r.probeKendallTau(), 1e-12);
        assertEquals("b", r.probeBest());
        assertEquals(0.6, r.probeBestAccuracy(), 1e-12, "feature extraction's accuracy at the probe's cut");
        assertEquals(0.7, r.bestAccuracy(), 1e-12);
        // Ridge head test accuracies: a 0.6 (mean of 0.5 and 0.7), b 0.75, c 0.65.
        assertEquals(0.75, r.probeBestRidge(), 1e-12);
        assertEquals("b", r.ridgeBest());
        assertEquals(0.75, r.bestRidge(), 1e-12);
        // Ridge order a < c < b, the same as LogME's and the probe's: tau 1 for both.
        assertEquals(1.0, r.ridgeKendallTau(), 1e-12);
        assertEquals(1.0, r.probeRidgeKendallTau(), 1e-12);
        assertTrue(r.sentence().contains("With the closed-form ridge head the probe's cut reaches 0.750 on the test images,"
                + " the best cut for that head is b at 0.750; against that head's accuracies Kendall's tau is 1.00 for LogME"
                + " and 1.00 for the probe."), r.sentence());
        assertTrue(r.sentence().contains("Kendall's tau 0.33") && r.sentence().contains("the ridge probe with 0.33")
                && r.sentence().contains("LogME puts b first, the probe b (feature extraction there: 0.600, 10.0 points from"
                + " the best cut, c at 0.700)"), r.sentence());
        // The probe alone can disagree with LogME: make c the probe's best.
        List<PretrainedReport.CutScore> probeOnC = List.of(new PretrainedReport.CutScore("b", 10, 1, 0.9, 0.2, 0.1),
                new PretrainedReport.CutScore("c", 10, 1, 0.1, 0.9, 0.1));
        PretrainedReport.CutRanking pc = PretrainedReport.CutRanking.of(10, List.of("b", "c"), probeOnC, cells);
        assertEquals("b", pc.logMeBest());
        assertEquals("c", pc.probeBest());
        assertEquals(1.0, pc.probeKendallTau(), 1e-12);
        assertEquals(-1.0, pc.kendallTau(), 1e-12);
        assertTrue(Double.isNaN(pc.ridgeKendallTau()), "tied ridge accuracies (0.1, 0.1): no order to compare with");
        assertTrue(Double.isNaN(PretrainedReport.CutRanking.of(10, List.of("a"), scores, cells).kendallTau()));
        // Two cuts are enough for a tau; on a tie the first cut listed is the one put first.
        assertEquals(1.0, PretrainedReport.CutRanking.of(10, List.of("a", "b"), scores, cells).kendallTau(), 1e-12);
        List<PretrainedReport.CutScore> tied = List.of(new PretrainedReport.CutScore("b", 10, 1, 0.5, 0.5, 0.5),
                new PretrainedReport.CutScore("c", 10, 1, 0.5, 0.5, 0.5));
        assertEquals("b", PretrainedReport.CutRanking.of(10, List.of("b", "c"), tied, cells).logMeBest());
    }
}
