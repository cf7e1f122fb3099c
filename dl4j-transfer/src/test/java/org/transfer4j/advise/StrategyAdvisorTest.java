package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;

class StrategyAdvisorTest {
    @Test
    void everyPrefixOfTheBalancedOrderIsClassBalancedAndTheOrderIsAPermutation() {
        int[] labels = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] order = BalancedSample.balancedOrder(labels, 7);
        assertArrayEquals(IntStream.range(0, labels.length).toArray(), Arrays.stream(order).sorted().toArray());
        for (int n = 3; n <= 12; n += 3) {
            int[] counts = new int[3];
            for (int i = 0; i < n; i++) {
                counts[labels[order[i]]]++;
            }
            assertArrayEquals(new int[] {n / 3, n / 3, n / 3}, counts, "prefix of " + n);
        }
        assertArrayEquals(order, BalancedSample.balancedOrder(labels, 7), "seeded");
        assertTrue(!Arrays.equals(order, BalancedSample.balancedOrder(labels, 8)), "another seed, another order");
    }

    @Test
    void theDataSetIsReorderedRowsWithTheirLabels() {
        // feature value = row index; labels 0,1,0,1,...: the reordered features must still match their labels
        int n = 10;
        var f = Nd4j.arange(n).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(n, 1, 1, 1);
        var l = Nd4j.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            l.putScalar(i, i % 2, 1);
        }
        DataSet d = BalancedSample.balancedOrder(new DataSet(f, l), 3);
        assertArrayEquals(new long[] {n, 1, 1, 1}, d.getFeatures().shape());
        for (int i = 0; i < n; i++) {
            int row = (int) d.getFeatures().getDouble(i, 0, 0, 0);
            assertEquals(row % 2, d.getLabels().argMax(1).getInt(i));
        }
    }

    @Test
    void anEmptySampleStaysEmpty() {
        DataSet empty = new DataSet(Nd4j.empty(), Nd4j.empty());
        assertEquals(empty, BalancedSample.balancedOrder(empty, 1));
    }

    @Test
    void subsetSizesAreTheFractionsOfTheSampleDistinctAndAscending() {
        StrategyAdvisor a = StrategyAdvisor.of(Base.architecture("LeNet"));
        assertArrayEquals(new int[] {100, 200, 400}, a.sizes(400));
        assertArrayEquals(new int[] {2, 3, 5}, a.fractions(0.01, 0.5, 1.0).sizes(5), "at least 2");
        assertArrayEquals(new int[] {2, 4}, a.fractions(0.1, 0.2, 1.0).sizes(4), "distinct");
    }

    @Test
    void theRateRangeIsEveryRateWithinOneBinomialErrorOfTheBest() {
        // best 0.80 on 100 images: se 0.04; 0.77 is within, 0.70 is not
        List<StrategyAdvice.Probe> p = List.of(new StrategyAdvice.Probe(FE, 1e-3, 50, 8, 0.80, 1, null),
                new StrategyAdvice.Probe(FE, 3e-4, 50, 8, 0.77, 1, null), new StrategyAdvice.Probe(FE, 3e-3, 50, 8, 0.70, 1, null));
        assertArrayEquals(new double[] {3e-4, 1e-3}, AdviceText.rateRange(p, 100));
        assertArrayEquals(new double[] {1e-3, 1e-3}, AdviceText.rateRange(p.subList(0, 1), 100));
        assertThrows(IllegalArgumentException.class, () -> AdviceText.rateRange(List.of(), 100));
    }

    static final Strategy FE = Strategy.featureExtraction("f");

    private static StrategyAdvice.Curve curve(Strategy s, double acc, double se, double seconds) {
        return new StrategyAdvice.Curve(s, 3, 0.5, 0.2, acc, se, seconds, 8, acc, 0.02);
    }

    @Test
    void theTextSaysWhatToStartWithWhatItCostsAndHowItComparesWithTheBestAndWithScratch() {
        var fe = curve(FE, 0.80, 0.03, 10);
        var ft = curve(Strategy.lastBlocks(3), 0.82, 0.03, 100);
        var sc = curve(Strategy.scratch(), 0.70, 0.04, 200);
        var feC = new StrategyAdvisor.Candidate(fe.strategy(), List.of());
        var choice = new StrategyChoice.Choice(
                new StrategyChoice.Option(fe.strategy(), 0.80, 0.02, 10),
                new StrategyChoice.Option(ft.strategy(), 0.82, 0.02, 100), false, false);
        String t = AdviceText.text(choice, feC, fe, List.of(fe, ft, sc), new double[] {3e-4, 1e-3}, new double[] {3e-4, 1e-3, 3e-3}, 1000);
        assertEquals("Start with feature extraction at f at a learning rate in [3e-04, 1e-03] (the lowest rate probed: a lower one may do"
                + " better): expected validation accuracy"
                + " 0.800 ± 0.030 on all 1000 training examples, about 10 s on this machine (up to 8 epochs)."
                + " Fine-tuning the last 3 blocks is expected to be 0.820 ± 0.030, within the probes' noise, at 100 s."
                + " Training from scratch is expected to reach 0.700 ± 0.040: the pretrained weights are the better bet.", t);

        var scC = new StrategyAdvisor.Candidate(sc.strategy(), List.of("every layer"));
        var better = new StrategyChoice.Choice(
                new StrategyChoice.Option(sc.strategy(), 0.9, 0.02, 200),
                new StrategyChoice.Option(sc.strategy(), 0.9, 0.02, 200), true, true);
        var scBest = curve(Strategy.scratch(), 0.90, 0.02, 200);
        String s = AdviceText.text(better, scC, scBest, List.of(fe, scBest), new double[] {1e-3, 1e-3}, new double[] {1e-3}, 50);
        assertEquals("Train from scratch: it beats every transfer strategy beyond the probes' noise. Start with training from"
                + " scratch at a learning rate of 1e-03 (the only rate probed for it): expected validation"
                + " accuracy 0.900 ± 0.020 on all 50 training examples, about 200 s on this machine (up to 8 epochs).", s);

        var ftC = new StrategyAdvisor.Candidate(ft.strategy(), List.of("b4", "b5", "b6"));
        var asGood = new StrategyChoice.Choice(
                new StrategyChoice.Option(ft.strategy(), 0.82, 0.02, 100),
                new StrategyChoice.Option(ft.strategy(), 0.82, 0.02, 100), false, true);
        String a = AdviceText.text(asGood, ftC, ft, List.of(ft, curve(Strategy.scratch(), 0.81, 0.03, 50)),
                new double[] {1e-3, 3e-3}, new double[] {3e-4, 1e-3, 3e-3}, 100);
        assertTrue(a.startsWith("Start with fine-tuning the last 3 blocks (b4, b5, b6) at a learning rate in [1e-03, 3e-03]"
                + " (the highest rate probed: a higher one may do better)"), a);
        String middle = AdviceText.text(asGood, ftC, ft, List.of(ft), new double[] {1e-3, 1e-3}, new double[] {3e-4, 1e-3, 3e-3}, 100);
        assertTrue(middle.startsWith("Start with fine-tuning the last 3 blocks (b4, b5, b6) at a learning rate in [1e-03, 1e-03]:"),
                middle);
        assertTrue(a.endsWith(" Training from scratch is as good within the probes' noise (0.810 ± 0.030): the pretrained"
                + " weights buy little here."), a);
    }

    @Test
    void badSettingsAreRefusedQuotingTheValue() {
        StrategyAdvisor a = StrategyAdvisor.of(Base.architecture("LeNet"));
        assertEquals(4 * 3 + 2, a.steps(), "feature extraction, two depths, scratch at three fractions, two rates");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.budgetSeconds(0)).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.fractions(0.5, 1.5)).getMessage().contains("1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.blocks(0)).getMessage().contains("[0]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.probeExamples(7)).getMessage().contains("got 7"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.validationExamples(9)).getMessage().contains("got 9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.learningRate(1)).getMessage().contains("got 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.inputSize(8)).getMessage().contains("got 8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.training(0, 1, 1)).getMessage().contains("got 0"));
        assertThrows(IllegalArgumentException.class, () -> StrategyAdvisor.of(null));
        assertThrows(IllegalArgumentException.class, () -> a.blocks());
        assertThrows(IllegalArgumentException.class, () -> a.blocks((int[]) null));
        assertThrows(IllegalArgumentException.class, () -> a.fractions(0.0));
        assertThrows(IllegalArgumentException.class, () -> a.learningRate(0));
        assertThrows(IllegalArgumentException.class, () -> a.inputSize(1025));
        assertThrows(IllegalArgumentException.class, () -> a.training(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> a.training(1, 0, 0));
        // the boundaries themselves are accepted
        a.blocks(1).fractions(1.0).probeExamples(8).validationExamples(10).learningRate(0.5).inputSize(16).inputSize(1024)
                .training(1, 0, 1).budgetSeconds(0.5).seed(2);
    }
}
