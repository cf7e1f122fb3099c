package org.transfer4j.transfer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;

/** Feature extraction at a layer of a MultiLayerNetwork below its feature layer is a cut, as on a graph. */
class LayerCutTest {
    static final Architecture LENET = Catalogue.builtIn().architecture("StudyLeNet");

    static List<String> names(MultiLayerNetwork n) {
        List<String> out = new ArrayList<>();
        for (var l : n.getLayers()) {
            out.add((l instanceof FrozenLayer f ? "frozen " + f.getInsideLayer().conf().getLayer().getLayerName()
                    : l.conf().getLayer().getLayerName()));
        }
        return out;
    }

    static TransferPlan plan(Strategy s, int hidden) {
        return new TransferPlan(new Head(3, hidden, 0), s, BatchNormPolicy.AUTO, new Optimizer(1e-2, 0, 7));
    }

    @Test
    void aCutBelowTheFeatureLayerEndsTheNetworkThereWithAPooledStandardisedHead() {
        MultiLayerNetwork base = (MultiLayerNetwork) Architectures.build(LENET, 3);
        MultiLayerNetwork net = (MultiLayerNetwork) NetworkTransfer.apply(base, VertexNames.of(LENET),
                plan(Strategy.featureExtraction("pool2"), 0));
        assertEquals(List.of("frozen conv1", "frozen pool1", "frozen conv2", "frozen pool2", "frozen " + NetworkTransfer.HEAD_POOL,
                "frozen " + NetworkTransfer.HEAD_NORM, NetworkTransfer.HEAD_OUTPUT), names(net));
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        INDArray conv2 = net.getLayer(2).params().dup();
        INDArray head = net.getLayer(6).params().dup();
        assertTrue(HeadNorm.fit(net, List.of(new DataSet(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)), null),
                new DataSet(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 6)), null)).iterator()));
        var acts = net.feedForwardToLayer(5, x, false);
        INDArray pooled = acts.get(5);
        // (p - mean) / sqrt(var + eps), the training split's population statistics, BatchNorm's eps 1e-5
        INDArray expected = pooled.subRowVector(pooled.mean(0)).divRowVector(
                org.nd4j.linalg.ops.transforms.Transforms.sqrt(pooled.var(false, 0).add(1e-5)));
        assertTrue(expected.equalsWithEps(acts.get(6), 1e-3), "standardised with the training split's statistics");
        INDArray norm = net.getLayer(5).params().dup();
        net.fit(new DataSet(x, y));
        assertEquals(conv2, net.getLayer(2).params(), "below the cut nothing changes");
        assertEquals(norm, net.getLayer(5).params(), "the standardisation stays as fitted");
        assertTrue(!head.equals(net.getLayer(6).params()), "the head trains");
        assertEquals(3, net.output(x).size(1));
        // The head's BatchNorm has no scale or shift: only its running mean and variance are parameters (50 + 50).
        assertEquals(100, net.getLayer(5).numParams());
    }

    @Test
    void aNetworkWithoutAHeadNormIsLeftAsItIs() {
        MultiLayerNetwork net = (MultiLayerNetwork) NetworkTransfer.apply(Architectures.build(LENET, 3), VertexNames.of(LENET),
                plan(Strategy.featureExtraction("dense"), 0));
        INDArray before = net.params().dup();
        assertTrue(!HeadNorm.fit(net, List.of(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 784), null)).iterator()));
        assertEquals(before, net.params());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> HeadNorm.fit(
                NetworkTransfer.apply(Architectures.build(LENET, 3), VertexNames.of(LENET), plan(Strategy.featureExtraction("pool2"), 0)),
                java.util.Collections.emptyIterator()));
        assertTrue(e.getMessage().contains("training split is empty"), e.getMessage());
    }

    @Test
    void aCutKeepsTheHiddenLayerOfThePlansHead() {
        MultiLayerNetwork base = (MultiLayerNetwork) Architectures.build(LENET, 3);
        MultiLayerNetwork net = (MultiLayerNetwork) NetworkTransfer.apply(base, VertexNames.of(LENET),
                plan(Strategy.featureExtraction("pool1"), 8));
        assertEquals(List.of("frozen conv1", "frozen pool1", "frozen " + NetworkTransfer.HEAD_POOL, "frozen " + NetworkTransfer.HEAD_NORM,
                NetworkTransfer.HEAD_HIDDEN, NetworkTransfer.HEAD_OUTPUT), names(net));
        assertEquals(20 * 8 + 8, net.getLayer(4).numParams(), "20 pooled channels into 8 hidden units");
    }

    @Test
    void theFeatureLayerItselfIsPlainFeatureExtraction() {
        MultiLayerNetwork base = (MultiLayerNetwork) Architectures.build(LENET, 3);
        MultiLayerNetwork net = (MultiLayerNetwork) NetworkTransfer.apply(base, VertexNames.of(LENET),
                plan(Strategy.featureExtraction("dense"), 0));
        assertEquals(List.of("frozen conv1", "frozen pool1", "frozen conv2", "frozen pool2", "frozen dense",
                NetworkTransfer.HEAD_OUTPUT), names(net));
    }

    @Test
    void aCutsHeadTrainsOnFeaturizedActivationsAndSyncsBack() {
        MultiLayerNetwork base = (MultiLayerNetwork) Architectures.build(LENET, 3);
        MultiLayerNetwork net = (MultiLayerNetwork) NetworkTransfer.apply(base, VertexNames.of(LENET),
                plan(Strategy.featureExtraction("pool2"), 0));
        org.transfer4j.transfer.FeaturizedHead head = new org.transfer4j.transfer.FeaturizedHead(net);
        assertEquals(4, head.firstTrainableLayer(), "the pooling layer opens the head");
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        INDArray f = head.featurize(x);
        head.fit(new DataSet(f, y));
        MultiLayerNetwork full = head.syncFullNetwork();
        assertEquals(head.output(f), full.output(x), "the synced network computes what the trained head does");
    }
}
