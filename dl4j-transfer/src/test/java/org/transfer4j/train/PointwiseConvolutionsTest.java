package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The reference is DL4J's own fit step on the same network: the same score, gradients and weights. */
class PointwiseConvolutionsTest {
    @org.junit.jupiter.api.BeforeAll
    static void helpersOn() {
        // The reference is DL4J's step as the library runs it, with the oneDNN helpers (tests that run before may
        // have switched them on in this JVM; without them DL4J's own convolution path is the reference).
        org.transfer4j.zoo.runtime.CpuHelpers.ensureConfigured();
    }

    private static final List<String> ELIGIBLE = List.of("expand", "project", "same_mode");

    @Test
    void aStepWithPointwiseConvolutionsAsProductsIsDl4jsOwn() {
        ComputationGraph plain = graph();
        ComputationGraph pointwise = graph();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6, 6, 3).subi(0.5);
        INDArray y = labels();
        plain.setInputs(x);
        plain.setLabels(y);
        plain.computeGradientAndScore();
        pointwise.setInputs(x);
        pointwise.setLabels(y);
        int[] calls = new int[2 * ELIGIBLE.size()];
        int swapped = PointwiseConvolutions.during(pointwise, () -> {
            pointwise.computeGradientAndScore();
            for (int i = 0; i < ELIGIBLE.size(); i++) {
                var p = assertInstanceOf(PointwiseConvolutions.Pointwise.class, pointwise.getLayer(ELIGIBLE.get(i)));
                assertTrue(List.of(pointwise.getLayers()).contains(p), "the layer array holds the replacement during the step");
                calls[2 * i] = p.forwards;
                calls[2 * i + 1] = p.backwards;
            }
        });
        assertEquals(ELIGIBLE.size(), swapped, "not k3 (3x3), strided (stride 2), tanh_pw (an activation), padded (padding 1)");
        for (int c : calls) {
            assertEquals(1, c, "one forward and one backward pass each");
        }
        assertEquals(plain.score(), pointwise.score(), 1e-6 * Math.abs(plain.score()));
        for (String name : List.of("expand_W", "project_W", "project_b", "same_mode_W", "same_mode_b", "k3_W")) {
            INDArray want = plain.gradient().getGradientFor(name);
            INDArray got = pointwise.gradient().getGradientFor(name);
            double diff = want.sub(got).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-5 * want.amaxNumber().doubleValue(), name + ": max gradient difference " + diff);
        }
        INDArray want = plain.gradient().gradient();
        double diff = want.sub(pointwise.gradient().gradient()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5 * want.amaxNumber().doubleValue(), "max gradient difference " + diff);
        for (int i = 0; i < plain.getLayers().length; i++) {
            assertEquals(plain.getLayers()[i].conf().getLayer().getLayerName(), pointwise.getLayers()[i].conf().getLayer().getLayerName(),
                    "every layer back in its place");
        }
        for (String name : ELIGIBLE) {
            assertSame(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class, pointwise.getLayer(name).getClass(),
                    name + " is DL4J's again");
        }

        // Whole steps through the trainer's path, every saving on, against DL4J's fit (the updater sees the gradients
        // and the weights it updates are DL4J's layer's).
        DataSet d = new DataSet(x, y);
        for (int s = 0; s < 3; s++) {
            plain.fit(d);
            Nets.fit(pointwise, d);
        }
        double pd = plain.params().sub(pointwise.params()).amaxNumber().doubleValue();
        assertTrue(pd < 1e-4, "weights after three steps differ by " + pd);
        assertTrue(plain.outputSingle(false, x).equalsWithEps(pointwise.outputSingle(false, x), 1e-4));
    }

    @Test
    void onlyUnpaddedUnitStrideLinearChannelsLastOneByOneConvolutionsQualify() {
        ComputationGraph g = graph();
        for (String name : List.of("k3", "strided", "tanh_pw", "padded", "bn", "out")) {
            assertFalse(PointwiseConvolutions.eligible((LayerVertex) g.getVertex(name)), name);
        }
        for (String name : ELIGIBLE) {
            assertTrue(PointwiseConvolutions.eligible((LayerVertex) g.getVertex(name)), name);
        }
        assertFalse(PointwiseConvolutions.eligible(single(new ConvolutionLayer.Builder(1, 1).nOut(2)
                .dataFormat(CNN2DFormat.NCHW).activation(Activation.IDENTITY), CNN2DFormat.NCHW)), "channels-first");
        assertFalse(PointwiseConvolutions.eligible(single(new ConvolutionLayer.Builder(1, 1).nOut(2).dropOut(new Dropout(0.5))
                .dataFormat(CNN2DFormat.NHWC).activation(Activation.IDENTITY), CNN2DFormat.NHWC)), "dropout");
        assertFalse(PointwiseConvolutions.eligible(single(new ConvolutionLayer.Builder(1, 1).nOut(2).weightNoise(new DropConnect(0.5))
                .dataFormat(CNN2DFormat.NHWC).activation(Activation.IDENTITY), CNN2DFormat.NHWC)), "weight noise");
        assertTrue(PointwiseConvolutions.eligible(single(new ConvolutionLayer.Builder(1, 1).nOut(2)
                .dataFormat(CNN2DFormat.NHWC).activation(Activation.IDENTITY), CNN2DFormat.NHWC)), "the plain case");
    }

    @Test
    void theLayersComeBackWhenTheStepFailsAndOtherNetworksAreLeftAlone() {
        ComputationGraph g = graph();
        var before = List.of(g.getLayers());
        assertThrows(IllegalStateException.class, () -> PointwiseConvolutions.during(g, () -> {
            throw new IllegalStateException("the step failed");
        }));
        assertEquals(before, List.of(g.getLayers()), "the same layer objects, in the same places");
        for (String name : ELIGIBLE) {
            assertSame(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class, g.getLayer(name).getClass());
        }
        var mln = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(3).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3).build()).build());
        mln.init();
        boolean[] ran = new boolean[1];
        assertEquals(0, PointwiseConvolutions.during(mln, () -> ran[0] = true));
        assertTrue(ran[0], "the step runs");
    }

    @Test
    void aNonContiguousInputAndABackwardPassOutsideAGraphGiveDl4jsValues() {
        ComputationGraph g = graph();
        g.initGradientsView();
        var original = (org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) g.getLayer("project");
        var p = new PointwiseConvolutions.Pointwise(original, DataType.FLOAT);
        assertEquals(original.getIndex(), p.getIndex());
        var wm = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        assertThrows(IllegalStateException.class, () -> p.activate(true, wm), "no input set");
        assertThrows(IllegalStateException.class, () -> p.backpropGradient(Nd4j.ones(DataType.FLOAT, 1, 1, 1, 4), wm),
                "no input set");
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 8).permute(0, 2, 1, 3); // [2, 5, 3, 8], not in c order
        INDArray eps = Nd4j.rand(DataType.FLOAT, 2, 4, 5, 3).permute(0, 2, 3, 1); // [2, 5, 3, 4]
        // DL4J's oneDNN helper misreads an input that is not in C order (ContiguousConvolutions): the reference is DL4J
        // on a C-order copy, the same values.
        original.setInput(x.dup('c'), wm);
        INDArray want = original.activate(true, wm).dup();
        var wantGrad = original.backpropGradient(eps.dup('c'), wm);
        INDArray wantW = wantGrad.getFirst().getGradientFor("W").dup();
        INDArray wantB = wantGrad.getFirst().getGradientFor("b").dup();
        INDArray wantEps = wantGrad.getSecond().dup();
        p.setInput(x, wm);
        assertTrue(want.equalsWithEps(p.activate(true, wm), 1e-5), "forward");
        var got = p.backpropGradient(eps, wm);
        assertTrue(wantW.equalsWithEps(got.getFirst().getGradientFor("W"), 1e-5), "weight gradient");
        assertTrue(wantB.equalsWithEps(got.getFirst().getGradientFor("b"), 1e-5), "bias gradient");
        assertTrue(wantEps.equalsWithEps(got.getSecond(), 1e-5), "input gradient");
        assertSame(original.getGradientsViewArray(), p.getGradientsViewArray(), "the graph's gradient array");
        assertEquals(List.of("b", "W"), List.copyOf(got.getFirst().gradientForVariable().keySet()), "DL4J's order");
        INDArray wrongDepth = Nd4j.rand(DataType.FLOAT, 2, 5, 3, 7);
        p.setInput(wrongDepth, wm);
        var depth = assertThrows(org.deeplearning4j.exception.DL4JInvalidInputException.class, () -> p.activate(true, wm));
        assertTrue(depth.getMessage().contains("project"), depth.getMessage());
        p.setInput(Nd4j.rand(DataType.FLOAT, 2, 5, 8), wm);
        var rank = assertThrows(org.deeplearning4j.exception.DL4JInvalidInputException.class, () -> p.activate(true, wm));
        assertTrue(rank.getMessage().contains("rank 3"), rank.getMessage());
    }

    private static INDArray labels() {
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        return y;
    }

    private static LayerVertex single(ConvolutionLayer.Builder conv, CNN2DFormat format) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(4, 4, 2, format)).addLayer("c", conv.build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build(), "c")
                .setOutputs("out").build());
        g.init();
        return (LayerVertex) g.getVertex("c");
    }

    /**
     * Channels-last: expand (1x1, no bias: a bias before a batch normalization has no gradient but rounding) - bn - relu6 - project (1x1, bias), read by k3 (3x3) and by an addition
     * with same_mode (1x1 in Same mode, bias); strided (1x1, stride 2), tanh_pw (1x1 with a tanh, whose channels-last oneDNN path DL4J gets right) and padded (1x1,
     * padding 1) beside; pooled and a softmax.
     */
    private static ComputationGraph graph() {
        CNN2DFormat f = CNN2DFormat.NHWC;
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(8).updater(new Sgd(0.01))
                .dataType(DataType.FLOAT).convolutionMode(ConvolutionMode.Truncate).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 3, f))
                .addLayer("expand", new ConvolutionLayer.Builder(1, 1).nOut(8).hasBias(false).dataFormat(f).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().dataFormat(f).build(), "expand")
                .addLayer("relu6", new ActivationLayer(Activation.RELU6), "bn")
                .addLayer("project", new ConvolutionLayer.Builder(1, 1).nOut(4).dataFormat(f)
                        .activation(Activation.IDENTITY).build(), "relu6")
                .addLayer("k3", new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same).dataFormat(f)
                        .activation(Activation.IDENTITY).build(), "project")
                .addLayer("same_mode", new ConvolutionLayer.Builder(1, 1).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .dataFormat(f).activation(Activation.IDENTITY).build(), "project")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "k3", "same_mode")
                .addLayer("strided", new ConvolutionLayer.Builder(1, 1).stride(2, 2).nOut(4).dataFormat(f)
                        .activation(Activation.IDENTITY).build(), "add")
                .addLayer("tanh_pw", new ConvolutionLayer.Builder(1, 1).nOut(4).dataFormat(f).activation(Activation.TANH).build(), "add")
                .addLayer("padded", new ConvolutionLayer.Builder(1, 1).padding(1, 1).nOut(4).dataFormat(f)
                        .activation(Activation.IDENTITY).build(), "add")
                .addLayer("pool_s", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "strided")
                .addLayer("pool_r", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "tanh_pw")
                .addLayer("pool_p", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "padded")
                .addVertex("pooled", new ElementWiseVertex(ElementWiseVertex.Op.Add), "pool_s", "pool_r", "pool_p")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(),
                        "pooled")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
