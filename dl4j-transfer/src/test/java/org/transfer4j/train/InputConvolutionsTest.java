package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.zoo.runtime.CpuHelpers;

class InputConvolutionsTest {
    @BeforeAll
    static void helpersOn() {
        CpuHelpers.ensureConfigured(); // the shortcut replaces DL4J's oneDNN helper, so the layers need one
    }

    @ParameterizedTest(name = "bias {0}")
    @ValueSource(booleans = {true, false})
    void weightsOnlyBackwardGivesDl4jsGradientsForAStackAndAGraph(boolean bias) {
        for (Model[] pair : List.of(new Model[] {stack(bias, 2), stack(bias, 2)}, new Model[] {graph(bias), graph(bias)})) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 5, pair[0] instanceof ComputationGraph ? 2 : 1, 10, 10).muli(3);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3);
            for (int i = 0; i < 5; i++) {
                y.putScalar(i, i % 3, 1f);
            }
            for (Model m : pair) {
                if (m instanceof ComputationGraph g) {
                    g.setInputs(x);
                    g.setLabels(y);
                } else {
                    ((MultiLayerNetwork) m).setInput(x.reshape(5, 100));
                    ((MultiLayerNetwork) m).setLabels(y);
                }
            }
            compute(pair[0]);
            var first = InputConvolutions.candidates(pair[1]).get(0);
            var original = InputConvolutions.helper(first);
            int swapped = InputConvolutions.during(pair[1], () -> {
                assertInstanceOf(InputConvolutions.WeightsOnly.class, InputConvolutions.helper(first));
                compute(pair[1]);
                assertEquals(1, ((InputConvolutions.WeightsOnly) InputConvolutions.helper(first)).backwardCalls);
            });
            assertEquals(1, swapped);
            assertSame(original, InputConvolutions.helper(first), "DL4J's helper is back after the step");
            INDArray want = pair[0].gradient().gradient();
            INDArray got = pair[1].gradient().gradient();
            double scale = want.amaxNumber().doubleValue();
            assertTrue(scale > 0);
            double diff = want.sub(got).amaxNumber().doubleValue();
            assertTrue(diff < 1e-5 * scale, pair[0].getClass().getSimpleName() + ": max gradient difference " + diff);
            assertEquals(pair[0].score(), pair[1].score(), 1e-6);
        }
    }

    @Test
    void onlyPlainChannelsFirstConvolutionsReadingTheInputAreCandidates() {
        assertEquals(1, InputConvolutions.candidates(stack(true, 2)).size(), "the second convolution reads no input");
        assertEquals(List.of(), InputConvolutions.candidates(stack(true, 0)), "a dense first layer");
        assertEquals(List.of(), InputConvolutions.candidates(convolutionFirst(ConvolutionMode.Same, CNN2DFormat.NCHW)));
        assertEquals(List.of(), InputConvolutions.candidates(convolutionFirst(ConvolutionMode.Truncate, CNN2DFormat.NHWC)));
        assertEquals(1, InputConvolutions.candidates(convolutionFirst(ConvolutionMode.Truncate, CNN2DFormat.NCHW)).size());
    }

    @Test
    void whatDl4jAsksOtherwiseIsAnsweredByItsOwnHelper() {
        var own = new org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper(DataType.FLOAT);
        var w = new InputConvolutions.WeightsOnly(own, true);
        assertEquals(own.checkSupported(), w.checkSupported());
        assertEquals(own.helperMemoryUse(), w.helperMemoryUse());
    }

    @Test
    void aStepThatFailsStillPutsDl4jsHelperBack() {
        MultiLayerNetwork n = stack(true, 2);
        var first = InputConvolutions.candidates(n).get(0);
        var original = InputConvolutions.helper(first);
        try {
            InputConvolutions.during(n, () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            assertEquals("boom", expected.getMessage());
        }
        assertSame(original, InputConvolutions.helper(first));
    }

    private static void compute(Model m) {
        if (m instanceof ComputationGraph g) {
            g.computeGradientAndScore();
        } else {
            ((MultiLayerNetwork) m).computeGradientAndScore();
        }
    }

    /** convs convolutions (5x5 then 3x3, Truncate, the first with a stride of 2 x 1) or a dense layer, then the output. */
    private static MultiLayerNetwork stack(boolean bias, int convs) {
        var b = new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.1)).dataType(DataType.FLOAT).list();
        if (convs == 0) {
            b.layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(6).activation(Activation.RELU).build());
        } else {
            b.layer(new ConvolutionLayer.Builder(5, 5).stride(2, 1).nOut(4).hasBias(bias).activation(Activation.TANH).build());
            b.layer(new SubsamplingLayer.Builder(2, 2).stride(1, 1).build());
            b.layer(new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU).build());
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork n = new MultiLayerNetwork(b.setInputType(InputType.convolutionalFlat(10, 10, 1)).build());
        n.init();
        return n;
    }

    private static ComputationGraph graph(boolean bias) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(10, 10, 2))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).hasBias(bias).activation(Activation.RELU).build(), "in")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build(), "c1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "c2")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    private static ComputationGraph convolutionFirst(ConvolutionMode mode, CNN2DFormat format) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .convolutionMode(mode).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(6, 6, 1, format))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(2).dataFormat(format).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build(), "c")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
