package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The reference is DL4J's own fit step on the same network: the same score, gradients and weights. */
class InPlaceActivationsTest {

    @Test
    void aStepWithTheActivationsInPlaceIsDl4jsOwn() {
        ComputationGraph plain = graph();
        ComputationGraph inPlace = graph();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 6, 6).muli(6).subi(2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        plain.setInputs(x);
        plain.setLabels(y);
        plain.computeGradientAndScore();
        inPlace.setInputs(x);
        inPlace.setLabels(y);
        int[] calls = new int[2];
        int swapped = InPlaceActivations.during(inPlace, () -> {
            inPlace.computeGradientAndScore();
            var p = assertInstanceOf(InPlaceActivations.InPlace.class, inPlace.getLayer("relu6"));
            assertTrue(List.of(inPlace.getLayers()).contains(p), "the layer array holds the replacement during the step");
            calls[0] = p.forwards;
            calls[1] = p.backwards;
        });
        assertEquals(2, swapped, "relu6 and relu (after BatchNorm); not after_conv (after a convolution), not shared (its"
                + " BatchNorm has two readers)");
        assertEquals(1, calls[0]);
        assertEquals(1, calls[1]);
        assertEquals(plain.score(), inPlace.score(), 1e-6 * Math.abs(plain.score()));
        INDArray want = plain.gradient().gradient();
        double diff = want.sub(inPlace.gradient().gradient()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5 * want.amaxNumber().doubleValue(), "max gradient difference " + diff);
        assertEquals(plain.getLayers().length, inPlace.getLayers().length);
        for (int i = 0; i < plain.getLayers().length; i++) {
            assertEquals(plain.getLayers()[i].conf().getLayer().getLayerName(), inPlace.getLayers()[i].conf().getLayer().getLayerName(),
                    "every layer back in its place");
        }
        for (String name : List.of("relu6", "relu", "after_conv", "shared")) {
            assertSame(org.deeplearning4j.nn.layers.ActivationLayer.class, inPlace.getLayer(name).getClass(), name + " is DL4J's again");
            assertTrue(List.of(inPlace.getLayers()).contains(inPlace.getLayer(name)), name + " is in the layer array again");
        }

        // Whole steps through the trainer's path, every saving on, against DL4J's fit.
        DataSet d = new DataSet(x, y);
        for (int s = 0; s < 3; s++) {
            plain.fit(d);
            Nets.fit(inPlace, d);
        }
        double pd = plain.params().sub(inPlace.params()).amaxNumber().doubleValue();
        assertTrue(pd < 1e-4, "weights after three steps differ by " + pd);
        // Inference is DL4J's own and leaves its input alone.
        assertTrue(plain.outputSingle(false, x).equalsWithEps(inPlace.outputSingle(false, x), 1e-4));
    }

    @Test
    void onlyPlainAndBoundedReluQualifyAndABackwardPassNeedsATrainingForward() {
        assertSame(null, InPlaceActivations.relu(new ActivationReLU(6.0, 0.5, 0.0)), "a threshold");
        assertSame(null, InPlaceActivations.relu(new ActivationReLU(null, null, 0.1)), "a leaky slope");
        assertSame(null, InPlaceActivations.relu(Activation.TANH.getActivationFunction()));
        assertSame(null, InPlaceActivations.relu(new ActivationReLU6()), "DL4J's ReLU6 class is not ActivationReLU");
        ActivationReLU six = new ActivationReLU(6.0, null, null);
        assertSame(six, InPlaceActivations.relu(six));
        assertSame(six, InPlaceActivations.relu(new TrainingActivations.MaskedReLU(six)), "also under the backward swap");

        ComputationGraph g = graph();
        var p = new InPlaceActivations.InPlace((org.deeplearning4j.nn.layers.ActivationLayer) g.getLayer("relu6"), DataType.FLOAT);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.backpropGradient(
                Nd4j.ones(DataType.FLOAT, 1, 4, 6, 6), org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("relu6"), e.getMessage());
        assertEquals(g.getLayer("relu6").getIndex(), p.getIndex());
        var wm = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        assertThrows(IllegalStateException.class, () -> p.activate(true, wm), "no input set");
        INDArray x = Nd4j.createFromArray(-1f, 3f, 7f).reshape(1, 3, 1, 1);
        p.setInput(x, wm);
        assertEquals(Nd4j.createFromArray(0f, 3f, 6f).reshape(1, 3, 1, 1), p.activate(false, wm), "inference: DL4J's");
        assertThrows(IllegalStateException.class, () -> p.backpropGradient(x, wm), "inference is not a training forward");
        INDArray x2 = Nd4j.createFromArray(-1f, 3f, 7f).reshape(1, 3, 1, 1);
        p.setInput(x2, wm);
        assertEquals(Nd4j.createFromArray(0f, 3f, 6f).reshape(1, 3, 1, 1), p.activate(true, wm));
        assertEquals(Nd4j.createFromArray(0f, 3f, 6f).reshape(1, 3, 1, 1), x2, "training: in place");
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> StepLayers.replace(new org.deeplearning4j.nn.api.Layer[] {g.getLayer("c1")}, p, p));
        assertTrue(missing.getMessage().contains("relu6"), missing.getMessage());
        assertFalse(InPlaceActivations.eligible(g, (LayerVertex) g.getVertex("after_conv")));
        assertFalse(InPlaceActivations.eligible(g, (LayerVertex) g.getVertex("c2")), "not an activation layer");
    }

    @Test
    void aBatchNormalizationThatIsAlsoAnOutputKeepsItsOutputAndOtherNetworksAreLeftAlone() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6).updater(new Sgd(0.1))
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(3))
                .addLayer("d", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(3).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "d")
                .addLayer("relu", new ActivationLayer(Activation.RELU), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3).activation(Activation.IDENTITY).build(), "relu")
                .setOutputs("out", "bn").build());
        g.init();
        assertFalse(InPlaceActivations.eligible(g, (LayerVertex) g.getVertex("relu")), "bn is a network output");
        var mln = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(3).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3).build()).build());
        mln.init();
        boolean[] ran = new boolean[1];
        assertEquals(0, InPlaceActivations.during(mln, () -> ran[0] = true));
        assertTrue(ran[0], "the step runs");
    }

    /**
     * conv - BN - relu6 - conv - BN - relu - conv (after_conv: ReLU on a convolution) - BN, read by shared and by an
     * addition - pooling - softmax.
     */
    private static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 2))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "c1")
                .addLayer("relu6", new ActivationLayer(new ActivationReLU(6.0, null, null)), "bn1")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(), "relu6")
                .addLayer("bn2", new BatchNormalization.Builder().build(), "c2")
                .addLayer("relu", new ActivationLayer(Activation.RELU), "bn2")
                .addLayer("c3", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(), "relu")
                .addLayer("after_conv", new ActivationLayer(Activation.RELU), "c3")
                .addLayer("bn3", new BatchNormalization.Builder().build(), "after_conv")
                .addLayer("shared", new ActivationLayer(Activation.RELU), "bn3")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "shared", "bn3")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
