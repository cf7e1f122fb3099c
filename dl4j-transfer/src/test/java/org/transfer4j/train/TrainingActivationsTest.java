package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class TrainingActivationsTest {
    @Test
    void maskedBackwardGivesNd4jsGradientsAndTheConfigurationComesBackUntouched() {
        ComputationGraph plain = graph();
        ComputationGraph masked = graph();
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.randn(DataType.FLOAT, 5, 2, 6, 6).muli(6); // wide: activations cross 0 and both bounds
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        for (ComputationGraph g : List.of(plain, masked)) {
            g.setInputs(x);
            g.setLabels(y);
        }
        plain.computeGradientAndScore();
        IActivation relu6 = ((ActivationLayer) masked.getLayer("relu6").conf().getLayer()).getActivationFn();
        int[] backwards = new int[1];
        int swapped = TrainingActivations.during(masked, () -> {
            masked.computeGradientAndScore();
            for (String name : List.of("conv", "relu6", "dense")) {
                IActivation f = TrainingActivations.activation(masked.getLayer(name).conf().getLayer());
                backwards[0] += ((TrainingActivations.MaskedReLU) f).backwards;
            }
            assertInstanceOf(ActivationLReLU.class, TrainingActivations.activation(masked.getLayer("leaky").conf().getLayer()),
                    "a leaky ReLU keeps ND4J's path");
        });
        assertEquals(3, swapped, "the plain ReLU of the convolution, the ReLU6 layer and the dense ReLU with a bound of 3");
        assertEquals(3, backwards[0]);
        assertSame(relu6, ((ActivationLayer) masked.getLayer("relu6").conf().getLayer()).getActivationFn());
        assertFalse(masked.getConfiguration().toJson().contains("MaskedReLU"));
        assertEquals("masked relu", new TrainingActivations.MaskedReLU(new ActivationReLU()).toString());
        assertEquals(plain.score(), masked.score(), 1e-6);
        INDArray want = plain.gradient().gradient();
        INDArray got = masked.gradient().gradient();
        assertTrue(want.amaxNumber().doubleValue() > 0);
        assertEquals(want, got);
        INDArray a = plain.feedForward(x, false).get("relu6");
        assertTrue(a.maxNumber().doubleValue() == 6.0 && a.minNumber().doubleValue() == 0.0, "both bounds are reached");
    }

    @Test
    void theMaskAgreesWithNd4jAtTheEndsAtInfinityAndBeyondTheFloatRange() {
        float[] xs = {Float.NEGATIVE_INFINITY, -1e30f, -1f, -1e-30f, 0f, 1e-30f, 1e-3f, 2.5f, 5.9999995f, 6f, 6.0000005f, 7f,
                1e30f, Float.POSITIVE_INFINITY, 2.9999998f, 3f};
        INDArray eps = Nd4j.linspace(DataType.FLOAT, 1, xs.length, 1).reshape(1, xs.length);
        for (ActivationReLU f : List.of(new ActivationReLU(6.0, null, null), new ActivationReLU(3.0, null, null), new ActivationReLU())) {
            INDArray x = Nd4j.createFromArray(xs).reshape(1, xs.length);
            INDArray want = f.backprop(x.dup(), eps.dup()).getFirst();
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 1, xs.length);
            INDArray got = new TrainingActivations.MaskedReLU(f).gradient(x, eps, out);
            assertSame(out, got, "into the array given");
            assertEquals(want, got, f.toString());
            assertEquals(Nd4j.createFromArray(xs).reshape(1, xs.length), x, "the input is left alone");
            assertEquals(want, new TrainingActivations.MaskedReLU(f).backprop(x, eps).getFirst());
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new TrainingActivations.MaskedReLU(
                new ActivationReLU()).backprop(Nd4j.ones(DataType.FLOAT, 1, 3), Nd4j.ones(DataType.FLOAT, 1, 4)), "shapes differ");
    }

    private static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(2).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(6, 6, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("leaky", new ActivationLayer.Builder().activation(new ActivationLReLU(0.1)).build(), "conv")
                .addLayer("relu6", new ActivationLayer.Builder().activation(new ActivationReLU(6.0, null, null)).build(), "leaky")
                .addLayer("dense", new DenseLayer.Builder().nOut(6).activation(new ActivationReLU(3.0, null, null)).build(), "relu6")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
