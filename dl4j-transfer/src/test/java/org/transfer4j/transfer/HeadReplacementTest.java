package org.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.transfer4j.runtime.CpuHelpers;
import org.transfer4j.zoo.StudyLeNet;

class HeadReplacementTest {
    static {
        CpuHelpers.configure();
    }

    static MultiLayerNetwork source() {
        return StudyLeNet.build(5, 1e-3, 5e-4, 11);
    }

    static DataSet randomBatch(int n, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        return new DataSet(x, y);
    }

    static List<INDArray> paramsPerLayer(MultiLayerNetwork net) {
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            out.add(net.getLayer(i).params() == null ? null : net.getLayer(i).params().dup());
        }
        return out;
    }

    @Test
    void frozenBackboneStaysBitIdenticalAndHeadChangesWithFit() {
        MultiLayerNetwork net = new HeadReplacement(StudyLeNet.head(3, 1e-2), new Adam(1e-2), 5e-4, StudyLeNet.FEATURE_LAYER, 5)
                .applyTo(source());
        for (int i = 0; i <= StudyLeNet.FEATURE_LAYER; i++) {
            assertTrue(net.getLayer(i) instanceof FrozenLayer, "layer " + i + " frozen");
        }
        List<INDArray> before = paramsPerLayer(net);
        for (int step = 0; step < 5; step++) {
            net.fit(randomBatch(16, 3, step));
        }
        List<INDArray> after = paramsPerLayer(net);
        for (int i = 0; i <= StudyLeNet.FEATURE_LAYER; i++) {
            assertEquals(before.get(i), after.get(i), "frozen layer " + i + " unchanged");
        }
        assertNotEquals(before.get(5), after.get(5), "head trained");
    }

    @Test
    void featurizedHeadTrainsOnlyTheHeadAndMatchesTheFullNetwork() {
        MultiLayerNetwork net = new HeadReplacement(StudyLeNet.head(3, 1e-2), new Adam(1e-2), 5e-4, StudyLeNet.FEATURE_LAYER, 5)
                .applyTo(source());
        List<INDArray> before = paramsPerLayer(net);
        FeaturizedHead head = new FeaturizedHead(net);
        assertEquals(StudyLeNet.FEATURE_LAYER + 1, head.firstTrainableLayer());
        for (int step = 0; step < 5; step++) {
            DataSet batch = randomBatch(16, 3, step);
            head.fit(new DataSet(head.featurize(batch.getFeatures()), batch.getLabels()));
        }
        MultiLayerNetwork full = head.syncFullNetwork();
        List<INDArray> after = paramsPerLayer(full);
        for (int i = 0; i <= StudyLeNet.FEATURE_LAYER; i++) {
            assertEquals(before.get(i), after.get(i), "frozen layer " + i + " unchanged");
        }
        assertNotEquals(before.get(5), after.get(5), "head trained");

        INDArray x = randomBatch(32, 3, 99).getFeatures();
        INDArray viaFeatures = head.output(head.featurize(x));
        INDArray viaFull = full.output(x, false);
        assertEquals(viaFull.shapeInfoToString(), viaFeatures.shapeInfoToString());
        assertTrue(viaFull.equalsWithEps(viaFeatures, 1e-6), "featurized head output equals the full network's");
    }

    @Test
    void fineTuningGivesBackboneAndHeadTheirOwnRates() {
        MultiLayerNetwork net = new HeadReplacement(StudyLeNet.head(3, 1e-3), new Adam(1e-4), 5e-4, -1, 5).applyTo(source());
        for (int i : new int[] {0, 2, 4}) {
            assertEquals(1e-4, net.getLearningRate(i), 1e-12, "backbone layer " + i);
        }
        assertEquals(1e-3, net.getLearningRate(5), 1e-12, "head");
        assertEquals(3, net.getLayer(5).getParam("W").size(1));
    }

    @Test
    void sourceNetworkIsNotModified() {
        MultiLayerNetwork src = source();
        INDArray before = src.params().dup();
        MultiLayerNetwork net = new HeadReplacement(StudyLeNet.head(3, 1e-2), new Adam(1e-2), 0, -1, 5).applyTo(src);
        net.fit(randomBatch(16, 3, 1));
        assertEquals(before, src.params());
    }

    @Test
    void refusesToFreezeTheOutputLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HeadReplacement(StudyLeNet.head(3, 1e-3), new Adam(1e-4), 0, 5, 1).applyTo(source()));
        assertTrue(e.getMessage().contains("freezeThrough=5"), e.getMessage());
    }
}
