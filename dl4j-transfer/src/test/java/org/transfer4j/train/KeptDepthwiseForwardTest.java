package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The reference is DL4J's own fit step on the same network: the same score, gradients and weights. */
class KeptDepthwiseForwardTest {
    @org.junit.jupiter.api.BeforeAll
    static void helpersOn() {
        // The reference is DL4J's step as the library runs it, with the oneDNN helpers (tests that run before may
        // have switched them on in this JVM; without them DL4J's own convolution path is the reference).
        org.transfer4j.zoo.runtime.CpuHelpers.ensureConfigured();
    }


    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void aStepWithTheForwardOutputKeptIsDl4jsOwn(CNN2DFormat format) {
        ComputationGraph plain = graph(format);
        ComputationGraph kept = graph(format);
        INDArray x = format == CNN2DFormat.NHWC ? Nd4j.rand(DataType.FLOAT, 4, 7, 7, 3) : Nd4j.rand(DataType.FLOAT, 4, 3, 7, 7);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        plain.setInputs(x);
        plain.setLabels(y);
        plain.computeGradientAndScore();
        kept.setInputs(x);
        kept.setLabels(y);
        int[] calls = new int[4];
        int swapped = KeptDepthwiseForward.during(kept, () -> {
            kept.computeGradientAndScore();
            var a = assertInstanceOf(KeptDepthwiseForward.Kept.class, kept.getLayer("dw"));
            var b = assertInstanceOf(KeptDepthwiseForward.Kept.class, kept.getLayer("dw_strided"));
            calls[0] = a.forwards;
            calls[1] = a.kept;
            calls[2] = b.forwards;
            calls[3] = b.kept;
        });
        assertEquals(2, swapped, "dw and dw_strided; not dw_relu (a ReLU)");
        assertEquals(List.of(1, 1, 1, 1), List.of(calls[0], calls[1], calls[2], calls[3]), "one forward, its output kept");
        assertEquals(plain.score(), kept.score(), 1e-6 * Math.abs(plain.score()));
        INDArray want = plain.gradient().gradient();
        double diff = want.sub(kept.gradient().gradient()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5 * want.amaxNumber().doubleValue(), "max gradient difference " + diff);
        for (String name : List.of("dw", "dw_strided", "dw_relu")) {
            assertSame(DepthwiseConvolution2DLayer.class, kept.getLayer(name).getClass(), name + " is DL4J's again");
        }
        DataSet d = new DataSet(x, y);
        for (int s = 0; s < 3; s++) {
            plain.fit(d);
            Nets.fit(kept, d);
        }
        double pd = plain.params().sub(kept.params()).amaxNumber().doubleValue();
        assertTrue(pd < 1e-4, "weights after three steps differ by " + pd);
        assertTrue(plain.outputSingle(false, x).equalsWithEps(kept.outputSingle(false, x), 1e-4));
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void aBackwardPassAfterAnInferenceForwardComputesItsOwn(CNN2DFormat format) {
        ComputationGraph g = graph(format);
        g.initGradientsView();
        var original = (DepthwiseConvolution2DLayer) g.getLayer("dw");
        var k = new KeptDepthwiseForward.Kept(original, DataType.FLOAT);
        assertEquals(original.getIndex(), k.getIndex());
        assertSame(original.getGradientsViewArray(), k.getGradientsViewArray());
        var wm = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = format == CNN2DFormat.NHWC ? Nd4j.rand(DataType.FLOAT, 2, 5, 5, 3) : Nd4j.rand(DataType.FLOAT, 2, 3, 5, 5);
        original.setInput(x, wm);
        INDArray out = original.activate(true, wm).dup();
        INDArray eps = Nd4j.rand(DataType.FLOAT, out.shape());
        INDArray wantEps = original.backpropGradient(eps, wm).getSecond().dup();
        k.setInput(x, wm);
        k.activate(false, wm);
        assertTrue(wantEps.equalsWithEps(k.backpropGradient(eps, wm).getSecond(), 1e-5), "after inference");
        assertEquals(0, k.kept, "nothing kept from an inference pass");
        k.activate(true, wm);
        assertTrue(wantEps.equalsWithEps(k.backpropGradient(eps, wm).getSecond(), 1e-5), "after training");
        assertEquals(1, k.kept);
        assertFalse(KeptDepthwiseForward.eligible((LayerVertex) g.getVertex("bn")));
        var mln = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(3).build()).build());
        mln.init();
        boolean[] ran = new boolean[1];
        assertEquals(0, KeptDepthwiseForward.during(mln, () -> ran[0] = true));
        assertTrue(ran[0], "a stack's step runs as DL4J's");
    }

    /** dw (3x3, identity) - bn - relu6 - dw_strided (stride 2, identity) - dw_relu (ReLU) - pooled - softmax. */
    private static ComputationGraph graph(CNN2DFormat f) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(9).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(7, 7, 3, f))
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2).dataFormat(f)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().dataFormat(f).build(), "dw")
                .addLayer("relu6", new ActivationLayer(Activation.RELU6), "bn")
                .addLayer("dw_strided", new DepthwiseConvolution2D.Builder(3, 3).stride(2, 2).dataFormat(f)
                        .activation(Activation.IDENTITY).build(), "relu6")
                .addLayer("dw_relu", new DepthwiseConvolution2D.Builder(3, 3).dataFormat(f).activation(Activation.RELU).build(),
                        "dw_strided")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "dw_relu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(),
                        "pool")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
