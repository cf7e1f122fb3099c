package org.transfer4j.transfer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.zoo.keras.KerasImport;
import org.transfer4j.zoo.keras.KerasOptions;

/**
 * A channels-last Keras graph keeps its layout through a plan: the head was once sized with DL4J's
 * {@code getLayerActivationTypes(NCHW input)}, which silently rewrote every convolution of the base to
 * NCHW, so the planned network (and the caller's base) refused NHWC batches.
 */
class ChannelsLastPlanTest {
    static final Path FIXTURE = Path.of("..", "zoo-import", "src", "test", "resources", "keras", "resnet_functional.h5");
    static final VertexNames NAMES = new VertexNames(List.of(4, 6, 6), "global_average_pooling2d_1", "dense_1",
            List.of("conv2d_1", "activation_1"));

    static CNN2DFormat format(ComputationGraph g, String layer) {
        return ((ConvolutionLayer) BatchNormCalibration.unwrap(g.getLayer(layer).conf().getLayer())).getCnn2dDataFormat();
    }

    @Test
    void featureExtractionOnAChannelsLastGraphKeepsItsLayoutAndItsFeatures() throws Exception {
        ComputationGraph base = (ComputationGraph) KerasImport.load(FIXTURE, KerasOptions.defaults());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 6, 6, 4);
        INDArray features = base.feedForward(new INDArray[] {x}, false).get(NAMES.feature()).dup();
        TransferPlan plan = new TransferPlan(new Head(2, 0, 0), new Strategy.FeatureExtraction(null),
                BatchNormPolicy.AUTO, new Optimizer(1e-3, 0, 1));
        ComputationGraph planned = (ComputationGraph) NetworkTransfer.apply(base, NAMES, plan);
        assertEquals(CNN2DFormat.NHWC, format(base, "conv2d_1"), "the caller's base is not modified");
        assertEquals(CNN2DFormat.NHWC, format(planned, "conv2d_1"));
        assertEquals(List.of(3L, 2L), List.of(planned.outputSingle(x).shape()[0], planned.outputSingle(x).shape()[1]));
        // The frozen part computes what the imported network computes.
        assertEquals(features, planned.feedForward(new INDArray[] {x}, false).get(NAMES.feature()));
        assertTrue(GraphTransfer.isNhwc(planned));
    }
}
