package org.transfer4j.transfer.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Featurizing through the frozen part alone gives DL4J's TransferLearningHelper's activations. */
class GraphTopFeaturizeTest {

    static ComputationGraph frozenBelow(String boundary) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(12, 12, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("dense", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build());
        g.init();
        // Non-trivial BatchNorm statistics, so that a wrong (training-mode) pass would show.
        Nd4j.getRandom().setSeed(4);
        for (int i = 0; i < 3; i++) {
            g.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3, 12, 12), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1).castTo(DataType.FLOAT)));
        }
        return new TransferLearning.GraphBuilder(g).setFeatureExtractor(boundary).build();
    }

    @Test
    void theFrozenPartAloneGivesTheHelpersActivations() {
        for (String boundary : new String[] {"pool", "bn"}) {
            ComputationGraph net = frozenBelow(boundary);
            DataSet raw = new DataSet(Nd4j.rand(DataType.FLOAT, 5, 3, 12, 12), Nd4j.eye(3).getRows(0, 1, 2, 0, 1).castTo(DataType.FLOAT));
            DataSet expected = new TransferLearningHelper(net).featurize(raw);
            DataSet actual = new Dl4jTransferLearning.GraphTop(net).featurize(raw);
            assertArrayEquals(expected.getFeatures().shape(), actual.getFeatures().shape(), boundary);
            assertEquals(0, expected.getFeatures().sub(actual.getFeatures()).amaxNumber().doubleValue(), 1e-6, boundary);
            assertEquals(raw.getLabels(), actual.getLabels());
        }
    }
}
