package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ReluFixTest {
    @Test
    void zeroThresholdAndSlopeBecomeNoneAndTheMaxIsKept() {
        ActivationReLU six = (ActivationReLU) ReluFix.plain(new ActivationReLU(6.0, 0.0, 0.0));
        assertEquals(6.0, six.getMax());
        assertNull(six.getThreshold());
        assertNull(six.getNegativeSlope());
        ActivationReLU unbounded = (ActivationReLU) ReluFix.plain(new ActivationReLU(null, 0.0, 0.0));
        assertNull(unbounded.getMax());
        assertNull(unbounded.getThreshold());
        assertEquals(3.0, ((ActivationReLU) ReluFix.plain(new ActivationReLU(3.0, null, 0.0))).getMax());
        assertEquals(3.0, ((ActivationReLU) ReluFix.plain(new ActivationReLU(3.0, 0.0, null))).getMax());
    }

    @Test
    void anythingElseIsLeftAlone() {
        assertNull(ReluFix.plain(new ActivationReLU(6.0, 0.5, 0.0)), "a real threshold");
        assertNull(ReluFix.plain(new ActivationReLU(6.0, 0.0, 0.1)), "a leaky slope");
        assertNull(ReluFix.plain(new ActivationReLU()), "already plain");
        assertNull(ReluFix.plain(new ActivationSigmoid()));
    }

    @Test
    void graphGivesTheSameOutputsAndGradientsAndItsConfigurationNoLongerHasTheZeros() {
        ComputationGraph before = graph();
        ComputationGraph after = graph();
        ReluFix.apply(after);
        assertSameOutputsAndGradients(before, after);
        String json = after.getConfiguration().toJson();
        assertTrue(before.getConfiguration().toJson().contains("\"threshold\" : 0.0"));
        assertFalse(json.contains("\"threshold\" : 0.0"), json);
        assertFalse(json.contains("\"negativeSlope\" : 0.0"), json);
        assertTrue(json.contains("\"max\" : 6.0"), json);
        for (var l : after.getLayers()) {
            IActivation f = l.conf().getLayer() instanceof ActivationLayer a ? a.getActivationFn()
                    : ((org.deeplearning4j.nn.conf.layers.BaseLayer) l.conf().getLayer()).getActivationFn();
            if (f instanceof ActivationReLU r) {
                assertNull(r.getThreshold(), l.conf().getLayer().getLayerName());
            }
        }
    }

    @Test
    void multiLayerNetworkToo() {
        MultiLayerNetwork before = multiLayer();
        MultiLayerNetwork after = multiLayer();
        ReluFix.apply(after);
        assertSameOutputsAndGradients(before, after);
        assertFalse(after.getLayerWiseConfigurations().toJson().contains("\"threshold\" : 0.0"));
        assertNull(((ActivationReLU) ((DenseLayer) after.getLayer(0).conf().getLayer()).getActivationFn()).getThreshold());
    }

    private static void assertSameOutputsAndGradients(Model before, Model after) {
        Nd4j.getRandom().setSeed(3);
        // Spread wide enough that both bounds (0 and 6) are crossed.
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 2, 6, 6).muli(8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        if (before instanceof ComputationGraph b) {
            ComputationGraph a = (ComputationGraph) after;
            assertEquals(b.outputSingle(x), a.outputSingle(x));
            b.setInputs(x);
            b.setLabels(y);
            a.setInputs(x);
            a.setLabels(y);
        } else {
            MultiLayerNetwork b = (MultiLayerNetwork) before;
            MultiLayerNetwork a = (MultiLayerNetwork) after;
            x = x.reshape(4, 72);
            assertEquals(b.output(x), a.output(x));
            b.setInput(x);
            b.setLabels(y);
            a.setInput(x);
            a.setLabels(y);
        }
        for (Model m : new Model[] {before, after}) {
            if (m instanceof ComputationGraph g) {
                g.computeGradientAndScore();
            } else {
                ((MultiLayerNetwork) m).computeGradientAndScore();
            }
        }
        assertEquals(before.score(), after.score(), 1e-6);
        INDArray gb = before.gradient().gradient();
        INDArray ga = after.gradient().gradient();
        assertTrue(gb.amaxNumber().doubleValue() > 0, "a gradient to compare");
        assertEquals(gb, ga);
    }

    private static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(new ActivationReLU(null, 0.0, 0.0)).build(), "in")
                .addLayer("relu6", new ActivationLayer.Builder().activation(new ActivationReLU(6.0, 0.0, 0.0)).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "relu6")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    private static MultiLayerNetwork multiLayer() {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(72).nOut(8).activation(new ActivationReLU(6.0, 0.0, 0.0)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(72)).build());
        n.init();
        return n;
    }
}
