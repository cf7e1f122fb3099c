package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.plan.VertexNames;

/**
 * Training on the frozen part's cached activations is an optimisation, not another method: every strategy trains the
 * network it would train through the whole network (the same parameters, to float rounding), stage by stage for
 * gradual unfreezing, and the cuts featurized once for several strategies are the ones their runs then read.
 */
class FeaturizedTrainingTest {
    /** {@link org.transfer4j.transfer.GraphCutTest#graph()}'s blocks: b1, then b2 (a merge, and a residual add of b1). */
    static final VertexNames NAMES = new VertexNames(List.of(3, 8, 8), "gap", "out", List.of("b1", "b2"));

    @TempDir
    Path tmp;

    private CacheRootProperty cache;

    private Base graph;

    @BeforeEach
    void privateCacheAndASavedGraph() throws Exception {
        cache = CacheRootProperty.set(tmp.resolve("cache"));
        Path zip = tmp.resolve("graph.zip");
        org.deeplearning4j.util.ModelSerializer.writeModel(org.transfer4j.transfer.GraphCutTest.graph(), zip.toFile(), false);
        graph = Base.saved(zip);
    }

    @AfterEach
    void restoreCache() {
        cache.close();
    }

    /**
     * Images of three classes told apart by their dominant colour, channels last at the base's input size, in memory:
     * the same batch order whether the raw images or their activations are trained on.
     */
    static TaskData colours(int n, long seed) throws Exception {
        List<Integer> s = NAMES.inputShape(); // channels, height, width
        org.nd4j.linalg.api.rng.Random rng = org.nd4j.linalg.factory.Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray x = org.nd4j.linalg.factory.Nd4j.rand(rng, n, s.get(1), s.get(2), s.get(0)).muli(0.3);
        INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(i % 3)).addi(0.7);
            y.putScalar(i, i % 3, 1);
        }
        org.nd4j.linalg.dataset.DataSet all = new org.nd4j.linalg.dataset.DataSet(x, y);
        return TaskData.arrays((org.nd4j.linalg.dataset.DataSet) all.getRange(0, n - 12),
                (org.nd4j.linalg.dataset.DataSet) all.getRange(n - 12, n - 6), (org.nd4j.linalg.dataset.DataSet) all.getRange(n - 6, n),
                List.of("red", "green", "blue"));
    }

    private TransferResult fit(Strategy s, boolean featurize) throws Exception {
        return Transfer.from(graph).names(NAMES).strategy(s).learningRate(1e-2).featurizeCache(featurize)
                .fit(colours(48, 3), Fit.epochs(3).patience(3).batchSize(8).progressBar(false));
    }

    /** How many cuts the featurize cache holds (one directory each). */
    private long cuts() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(tmp.resolve("cache").resolve("featurize"))) {
            return s.filter(java.nio.file.Files::isDirectory).count();
        }
    }

    private static void assertSameNetwork(TransferResult a, TransferResult b, String what) {
        INDArray pa = a.network().params();
        INDArray pb = b.network().params();
        assertEquals(pa.length(), pb.length(), what);
        assertTrue(pa.equalsWithEps(pb, 1e-4), what + ": cached and whole-network training end with the same parameters");
        assertEquals(a.testAccuracy(), b.testAccuracy(), 1e-9, what);
    }

    @Test
    void gradualUnfreezingTrainsEveryStageOnCachedActivationsAsTheWholeNetworkWould() throws Exception {
        List<String> blocks = NAMES.blocks();
        assertTrue(blocks.size() >= 2, "the fixture has blocks to unfreeze: " + blocks);
        Strategy gradual = Strategy.gradual(1, 1, 1, 0.5, 1.0);
        TransferResult cached = fit(gradual, true);
        TransferResult whole = fit(gradual, false);
        assertNotNull(cached.report().featurize(), "both stages trained on cached activations");
        assertEquals(2, cuts(), "one cut per stage: above b2, then above b1");
        assertNull(whole.report().featurize());
        assertEquals(List.of(0, 1, 1), cached.report().history().stream().map(TrainingListener.EpochInfo::unfrozenBlocks).toList());
        assertSameNetwork(cached, whole, "gradual unfreezing");
    }

    @Test
    void featureExtractionAtACutStandardisesOnTheTrainingSplitEitherWay() throws Exception {
        List<String> blocks = NAMES.blocks();
        Strategy cut = Strategy.featureExtraction(blocks.get(0));
        assertTrue(blocks.size() >= 2, "a cut below the feature vertex: " + blocks);
        TransferResult cached = fit(cut, true);
        TransferResult whole = fit(cut, false);
        assertNotNull(cached.report().featurize());
        assertEquals(1, cuts(), "the pooled cut");
        assertSameNetwork(cached, whole, "feature extraction at " + blocks.get(0));
    }

    @Test
    void severalStrategiesAreFeaturizedInOnePassAndTheirRunsReadIt() throws Exception {
        List<String> blocks = NAMES.blocks();
        TaskData data = colours(48, 3);
        Strategy cut = Strategy.featureExtraction(blocks.get(0));
        Strategy last = Strategy.lastBlocks(1);
        Transfer.Features first = Transfer.from(graph).names(NAMES).featurize(data, List.of(cut, last));
        assertTrue(!first.cacheHit());
        TaskData.Arrays pooled = first.of(cut);
        assertEquals(2, pooled.train().getFeatures().rank(), "a cut's activations pooled to one vector per image");
        assertEquals(pooled.train().numExamples() + first.of(last).validation().numExamples() + first.of(last).test().numExamples(),
                48, "every image of the three splits");
        assertTrue(Transfer.from(graph).names(NAMES).featurize(data, List.of(last, cut)).cacheHit(), "the second time, all from disk");
        TransferResult r = Transfer.from(graph).names(NAMES).strategy(cut).learningRate(1e-2)
                .fit(data, Fit.epochs(1).batchSize(8).progressBar(false));
        assertTrue(r.report().featurize().cacheHit(), "the run reads what featurize computed");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> first.of(Strategy.gradual(1))).getMessage()
                .contains("was not featurized"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Transfer.from(graph).names(NAMES).featurize(data,
                List.of(Strategy.scratch()))).getMessage().contains("nothing frozen"));
    }
}
