package org.transfer4j.transfer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.runtime.CpuHelpers;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;

/**
 * Plans applied to ResNet50 and VGG16 as the catalogue builds them (random weights, BatchNorm
 * statistics calibrated): after a few training steps, exactly the parameters the plan makes trainable
 * have changed and every other one is bit-identical, BatchNorm statistics included.
 */
class GraphTransferIT {
    static ComputationGraph resnet;
    static VertexNames resnetNames;

    @BeforeAll
    static void calibratedResNet50() {
        CpuHelpers.configure();
        Architecture a = Catalogue.builtIn().architecture("ResNet50");
        resnet = (ComputationGraph) Architectures.build(a, 1);
        resnetNames = VertexNames.of(a);
        Nd4j.getRandom().setSeed(3);
        assertEquals(53, BatchNormCalibration.calibrate(resnet, Nd4j.rand(DataType.FLOAT, 4, 3, 224, 224)));
        INDArray out = resnet.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224));
        assertFalse(out.isNaN().any() || out.isInfinite().any(), "calibrated ResNet50 is finite in inference mode");
    }

    static TransferPlan plan(TransferPlan.Strategy s, BatchNormPolicy bn) {
        return new TransferPlan(new TransferPlan.Head(3, 0, 0), s, bn, new TransferPlan.Optimizer(1e-2, 0, 7));
    }

    static Map<String, INDArray> params(ComputationGraph g) {
        Map<String, INDArray> m = new HashMap<>();
        for (Layer l : g.getLayers()) {
            if (l.numParams() > 0) {
                m.put(l.conf().getLayer().getLayerName(), l.params().dup());
            }
        }
        return m;
    }

    static void train(ComputationGraph g, int steps) {
        Nd4j.getRandom().setSeed(11);
        for (int i = 0; i < steps; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 3);
            y.putScalar(0, i % 3, 1f);
            y.putScalar(1, (i + 1) % 3, 1f);
            g.fit(new DataSet(x, y));
        }
    }

    static boolean isBatchNorm(Layer l) {
        Layer inner = l instanceof FrozenLayer f ? f.getInsideLayer() : l instanceof FrozenLayerWithBackprop f ? f.getInsideLayer() : l;
        return inner instanceof BatchNormalization;
    }

    /** Asserts per layer: frozen and (policy FROZEN) BatchNorm unchanged, everything else changed. */
    static void assertChanges(ComputationGraph g, Map<String, INDArray> before, BatchNormPolicy bn) {
        Map<String, INDArray> after = params(g);
        int frozen = 0;
        int trained = 0;
        for (Layer l : g.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (l.numParams() == 0) {
                continue;
            }
            boolean shouldStay = l instanceof FrozenLayer || (isBatchNorm(l) && bn == BatchNormPolicy.FROZEN);
            if (shouldStay) {
                assertEquals(before.get(name), after.get(name), name + " must be bit-identical");
                frozen++;
            } else {
                assertNotEquals(before.get(name), after.get(name), name + " must have trained");
                trained++;
            }
        }
        assertTrue(frozen > 0 && trained > 0, "frozen " + frozen + ", trained " + trained);
        assertFalse(g.outputSingle(false, Nd4j.rand(DataType.FLOAT, 1, 3, 224, 224)).isNaN().any());
    }

    @Test
    void featureExtractionTrainsOnlyTheHead() {
        ComputationGraph g = GraphTransfer.apply(resnet, resnetNames, plan(new TransferPlan.FeatureExtraction(null), BatchNormPolicy.FROZEN));
        Map<String, INDArray> before = params(g);
        train(g, 2);
        assertChanges(g, before, BatchNormPolicy.FROZEN);
        long trainable = java.util.Arrays.stream(g.getLayers()).filter(l -> !(l instanceof FrozenLayer)).mapToLong(Layer::numParams).sum();
        assertEquals(2048L * 3 + 3, trainable, "only the new head is trainable");
    }

    @Test
    void frozenBatchNormInsideTrainedBlocksIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GraphTransfer.apply(resnet,
                resnetNames, plan(new TransferPlan.FineTuneLastBlocks(2, 0.1, 1.0), BatchNormPolicy.FROZEN)));
        assertTrue(e.getMessage().contains("bn5b_branch2a") && e.getMessage().contains("BatchNormPolicy.TRAINABLE"), e.getMessage());
    }

    @Test
    void fineTuningLastBlocksWithTrainableBatchNorm() {
        ComputationGraph g = GraphTransfer.apply(resnet, resnetNames,
                plan(new TransferPlan.FineTuneLastBlocks(2, 0.1, 1.0), BatchNormPolicy.TRAINABLE));
        assertTrue(g.getLayer("res5a_branch2a") instanceof FrozenLayer, "below the last two blocks: frozen");
        assertFalse(g.getLayer("res5b_branch2a") instanceof FrozenLayer, "the last two blocks train");
        INDArray meanBefore = g.getLayer("bn5c_branch2a").getParam("mean").dup();
        Map<String, INDArray> before = params(g);
        train(g, 2);
        assertChanges(g, before, BatchNormPolicy.TRAINABLE);
        assertNotEquals(meanBefore, g.getLayer("bn5c_branch2a").getParam("mean"), "running mean updated");
    }

    @Test
    void discriminativeRatesFollowThePlan() {
        ComputationGraph g = GraphTransfer.apply(resnet, resnetNames,
                plan(new TransferPlan.FineTuneLastBlocks(3, 0.1, 0.5), BatchNormPolicy.TRAINABLE));
        assertEquals(1e-2, GraphTransfer.learningRate(g, GraphTransfer.HEAD_OUTPUT), 1e-12);
        assertEquals(1e-3, GraphTransfer.learningRate(g, "res5c_branch2a"), 1e-12, "top block: rate x factor");
        assertEquals(5e-4, GraphTransfer.learningRate(g, "res5b_branch2a"), 1e-12, "one block down: x decay");
        assertEquals(2.5e-4, GraphTransfer.learningRate(g, "bn5a_branch2a"), 1e-12, "two blocks down: x decay^2");
        assertNull(GraphTransfer.learningRate(g, "res4f_branch2a"), "frozen");
    }

    @Test
    void vgg16FineTunesItsFullyConnectedBlocks() {
        Architecture a = Catalogue.builtIn().architecture("VGG16");
        ComputationGraph vgg = (ComputationGraph) Architectures.build(a, 2);
        ComputationGraph g = GraphTransfer.apply(vgg, VertexNames.of(a),
                new TransferPlan(new TransferPlan.Head(3, 64, 0.5), new TransferPlan.FineTuneLastBlocks(2, 0.1, 1.0),
                        BatchNormPolicy.FROZEN, new TransferPlan.Optimizer(1e-3, 1e-4, 7)));
        assertTrue(g.getLayer("17") == null || g.getLayer("16") instanceof FrozenLayer, "convolutions frozen");
        assertFalse(g.getLayer("18") instanceof FrozenLayer, "fc1 trains");
        Map<String, INDArray> before = params(g);
        train(g, 1);
        assertChanges(g, before, BatchNormPolicy.FROZEN);
        assertEquals(List.of(GraphTransfer.HEAD_OUTPUT), g.getConfiguration().getNetworkOutputs());
    }

    @Test
    void plansAreValidatedAndSerialisable() throws Exception {
        TransferPlan p = plan(new TransferPlan.FineTuneLastBlocks(2, 0.1, 0.5), BatchNormPolicy.FROZEN);
        assertEquals(p, Json.MAPPER.readValue(Json.write(p), TransferPlan.class));
        assertTrue(Json.write(p).contains("\"type\" : \"fineTuneLastBlocks\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TransferPlan.Head(3, 0, 1.5))
                .getMessage().contains("dropout must be in [0,1), got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> resnetNames.freezeVertexForLastBlocks(40))
                .getMessage().contains("cannot train the last 40 blocks"));
    }
}
