package org.transfer4j.runtime;

import org.transfer4j.zoo.runtime.CpuHelpers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * With DL4J's oneDNN layer helpers on (transfer4j's default) and off, every layer type they replace
 * gives the same outputs and parameter/input gradients within {@value #TOLERANCE} relative to the
 * largest magnitude, and the "on" network really runs the helper.
 */
class OneDnnHelpersEquivalenceTest {
    static final double TOLERANCE = 1e-4;

    static final Map<String, Supplier<Layer>> LAYERS = Map.of(
            "convolution", () -> new ConvolutionLayer.Builder(3, 3).nOut(6).stride(1, 1).padding(1, 1)
                    .activation(Activation.RELU).build(),
            "convolution-strided", () -> new ConvolutionLayer.Builder(5, 5).nOut(4).stride(2, 2)
                    .activation(Activation.IDENTITY).build(),
            "max-pooling", () -> new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                    .stride(2, 2).build(),
            "average-pooling", () -> new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(3, 3)
                    .stride(1, 1).build(),
            "batch-normalization", () -> new BatchNormalization.Builder().build(),
            "local-response-normalization", () -> new LocalResponseNormalization.Builder().build());

    @BeforeAll
    @AfterAll
    static void restoreDefault() {
        CpuHelpers.configure();
    }

    static MultiLayerNetwork net(String kind, boolean helpers) {
        CpuHelpers.set(helpers);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT).list()
                .layer(LAYERS.get(kind).get())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 3)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-6, expected.amaxNumber().doubleValue());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= TOLERANCE * scale, what + ": max |on - off| = " + diff + " for max magnitude " + scale);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"convolution", "convolution-strided", "max-pooling", "average-pooling",
            "batch-normalization", "local-response-normalization"})
    void helpersOnAndOffAgree(String kind) {
        assertTrue(CpuHelpers.available(), "the oneDNN native build is on the classpath");
        MultiLayerNetwork off = net(kind, false);
        MultiLayerNetwork on = net(kind, true);
        on.setParams(off.params().dup());
        assertNull(off.getLayer(0).getHelper(), "helpers off: DL4J's built-in implementation");
        if (kind.equals("local-response-normalization")) {
            // M2.1 ships an LRN helper but never attaches it; the layer must still agree (trivially).
            assertNull(on.getLayer(0).getHelper(), "M2.1 attaches no oneDNN helper to LRN");
        } else {
            assertNotNull(on.getLayer(0).getHelper(), "helpers on: the oneDNN helper is loaded");
        }

        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 12, 12).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        // ND4J also consults the helpers switch when each op runs (its own oneDNN op implementations),
        // so each network computes with the switch in its own position, not only at build time.
        Results off1 = compute(off, x, y, false);
        Results on1 = compute(on, x, y, true);
        assertClose(off1.inference, on1.inference, kind + " inference output");
        assertClose(off1.training, on1.training, kind + " training-mode activation");
        assertEquals(off1.score, on1.score, 1e-5 * Math.max(1, Math.abs(off1.score)), kind + " loss");
        for (String key : off1.gradient.gradientForVariable().keySet()) {
            assertClose(off1.gradient.getGradientFor(key), on1.gradient.getGradientFor(key), kind + " gradient " + key);
        }
        // Input gradients exercise the helper's backward pass even for layers without parameters.
        assertClose(off1.inputGradient, on1.inputGradient, kind + " input gradient");
    }

    private record Results(INDArray inference, INDArray training, double score, Gradient gradient, INDArray inputGradient) {
    }

    private static Results compute(MultiLayerNetwork n, INDArray x, INDArray y, boolean helpers) {
        CpuHelpers.set(helpers);
        INDArray inference = n.output(x, false);
        INDArray training = n.feedForward(x, true).get(1).dup();
        n.setInput(x);
        n.setLabels(y);
        n.computeGradientAndScore();
        double score = n.score();
        Gradient g = n.gradient();
        Gradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient();
        g.gradientForVariable().forEach((k, v) -> copy.setGradientFor(k, v.dup()));
        INDArray eps = n.calculateGradients(x, y, null, null).getSecond().dup();
        return new Results(inference, training, score, copy, eps);
    }
}
