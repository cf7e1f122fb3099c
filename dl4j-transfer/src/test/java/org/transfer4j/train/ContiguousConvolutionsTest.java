package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * The reference is the same network with each convolution's ReLU as a layer of its own after an identity convolution,
 * whose channels-last oneDNN path DL4J gets right: the same function, the same parameters.
 */
class ContiguousConvolutionsTest {
    @BeforeAll
    static void helpersOn() {
        CpuHelpers.set(true); // the defect is in DL4J's oneDNN helper path, which the library runs by default
    }

    @Test
    void channelsLastConvolutionsWithAReluGetTheGradientsOfTheirSplitTwin() {
        ComputationGraph fused = graph(false);
        ComputationGraph split = graph(true);
        split.setParams(fused.params());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6, 6, 3).subi(0.3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        for (ComputationGraph g : new ComputationGraph[] {fused, split}) {
            g.setInputs(x);
            g.setLabels(y);
        }
        split.computeGradientAndScore();
        INDArray want = split.gradient().gradient().dup();
        fused.computeGradientAndScore();
        double dl4j = want.sub(fused.gradient().gradient()).amaxNumber().doubleValue();
        assertTrue(dl4j > 1e-2 * want.amaxNumber().doubleValue(), "DL4J's own step is off by " + dl4j + ": the defect repaired");
        int[] swapped = new int[1];
        swapped[0] = ContiguousConvolutions.during(fused, () -> {
            fused.computeGradientAndScore();
            assertInstanceOf(ContiguousConvolutions.Contiguous.class, ContiguousConvolutionsTest.helper(fused, "c3"));
        });
        assertEquals(3, swapped[0], "c0, c3 and c1");
        double diff = want.sub(fused.gradient().gradient()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5 * want.amaxNumber().doubleValue(), "max gradient difference " + diff);
        assertEquals(split.score(), fused.score(), 1e-6 * Math.abs(split.score()));
        assertSame(org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper.class, helper(fused, "c3").getClass(),
                "DL4J's helper is back after the step");

        // Whole steps through the trainer's path against the split twin's DL4J steps.
        DataSet d = new DataSet(x, y);
        for (int s = 0; s < 3; s++) {
            split.fit(d);
            Nets.fit(fused, d);
        }
        double pd = split.params().sub(fused.params()).amaxNumber().doubleValue();
        assertTrue(pd < 1e-5, "weights after three steps differ by " + pd);
    }

    @Test
    void aNonContiguousInputIsCopiedAndOtherNetworksAreLeftAlone() {
        ComputationGraph g = graph(false);
        ConvolutionHelper own = helper(g, "c3");
        var c = new ContiguousConvolutions.Contiguous(own);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 5, 6, 4).permute(0, 2, 1, 3); // [2, 6, 5, 4], not in C order
        INDArray w = g.getLayer("c3").getParam("W");
        INDArray b = g.getLayer("c3").getParam("b");
        var mode = org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode.PREFER_FASTEST;
        LayerWorkspaceMgr wm = LayerWorkspaceMgr.noWorkspaces();
        INDArray want = own.preOutput(x.dup('c'), w, b, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, mode, null,
                ConvolutionMode.Same, new int[] {1, 1}, CNN2DFormat.NHWC, wm).dup();
        INDArray got = c.preOutput(x, w, b, new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}, mode, null,
                ConvolutionMode.Same, new int[] {1, 1}, CNN2DFormat.NHWC, wm);
        assertTrue(want.equalsWithEps(got, 1e-5));
        INDArray cOrder = Nd4j.rand(DataType.FLOAT, 2, 3);
        assertSame(cOrder, ContiguousConvolutions.cOrder(cOrder), "a C-order array is not copied");
        INDArray z = Nd4j.createFromArray(-1f, 2f).reshape(1, 1, 1, 2);
        assertEquals(Nd4j.createFromArray(0f, 2f).reshape(1, 1, 1, 2), c.activate(z, Activation.RELU.getActivationFunction(), true));
        var mln = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(3).build()).build());
        mln.init();
        boolean[] ran = new boolean[1];
        assertEquals(0, ContiguousConvolutions.during(mln, () -> ran[0] = true));
        assertTrue(ran[0]);
        ComputationGraph nchw = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(4, 4, 2)).addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(2).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build(), "c").setOutputs("out").build());
        nchw.init();
        assertEquals(0, ContiguousConvolutions.during(nchw, () -> { }), "channels-first convolutions are left alone");
    }

    static ConvolutionHelper helper(ComputationGraph g, String name) {
        return InputConvolutions.helper((org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) g.getLayer(name));
    }

    /** Channels-last: c0 (3x3, identity) - c3 (3x3, ReLU) - c1 (1x1, ReLU) - pooled - softmax; split: the ReLUs as layers. */
    private static ComputationGraph graph(boolean split) {
        CNN2DFormat f = CNN2DFormat.NHWC;
        GraphBuilder b = new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.01)).dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(6, 6, 3, f))
                .addLayer("c0", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(f).activation(Activation.IDENTITY).build(), "in");
        String last = "c0";
        for (String name : new String[] {"c3", "c1"}) {
            int k = name.equals("c3") ? 3 : 1;
            b.addLayer(name, new ConvolutionLayer.Builder(k, k).nOut(4).dataFormat(f)
                    .activation(split ? Activation.IDENTITY : Activation.RELU).build(), last);
            last = name;
            if (split) {
                b.addLayer(name + "_relu", new ActivationLayer(Activation.RELU), name);
                last = name + "_relu";
            }
        }
        ComputationGraph g = new ComputationGraph(b.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
