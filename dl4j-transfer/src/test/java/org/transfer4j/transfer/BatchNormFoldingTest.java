package org.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class BatchNormFoldingTest {
    @ParameterizedTest(name = "{0}, log std {1}")
    @CsvSource({"NHWC, false", "NCHW, false", "NHWC, true"})
    void foldedGraphGivesTheSameOutputsWithFewerVertices(CNN2DFormat format, boolean logStd) {
        ComputationGraph g = mobileNetLike(format, logStd);
        assertEquals(List.of(new BatchNormFolding.Group("c1", "bn1", "r1"), new BatchNormFolding.Group("dw", "bn2", "r2"),
                new BatchNormFolding.Group("c3", "bn3", null)), BatchNormFolding.groups(g.getConfiguration()),
                "bn4 reads an add, c5 has two readers");
        ComputationGraph f = BatchNormFolding.fold(g);
        for (String gone : List.of("c1", "bn1", "dw", "bn2", "c3")) {
            assertFalse(f.getConfiguration().getVertices().containsKey(gone), gone);
        }
        for (String kept : List.of("r1", "r2", "bn3", "bn4", "c5", "bn5", "add", "out")) {
            assertTrue(f.getConfiguration().getVertices().containsKey(kept), kept);
        }
        assertEquals(g.getNumLayers() - 5, f.getNumLayers());
        Nd4j.getRandom().setSeed(5);
        INDArray x = format == CNN2DFormat.NHWC ? Nd4j.rand(DataType.FLOAT, 4, 8, 8, 3) : Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8);
        INDArray want = g.outputSingle(false, x);
        INDArray got = f.outputSingle(false, x);
        double diff = want.sub(got).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "max |folded - original| = " + diff);
        // Intermediate activations too, where the ReLU6's upper bound is reached (scaled input).
        INDArray big = x.mul(40);
        assertTrue(g.feedForward(big, false).get("r1").amaxNumber().doubleValue() >= 6.0, "the bound is reached");
        double diffR2 = g.feedForward(big, false).get("r2").sub(f.feedForward(big, false).get("r2")).amaxNumber().doubleValue();
        assertTrue(diffR2 < 1e-4, "r2: " + diffR2);
        assertEquals(g.getLayer("c5").params(), f.getLayer("c5").params(), "unfolded layers keep their parameters");
    }

    @Test
    void aGraphWithNothingToFoldComesBackAsItIs() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(4, 4, 2))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "c")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").build());
        g.init();
        assertSame(g, BatchNormFolding.fold(g), "a convolution with its own activation before the normalization is not folded");
    }

    private static ComputationGraph mobileNetLike(CNN2DFormat f, boolean logStd) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3, f))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(6).hasBias(false).dataFormat(f).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", bn(f, logStd), "c1")
                .addLayer("r1", new ActivationLayer.Builder().activation(new ActivationReLU(6.0, null, null)).build(), "bn1")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2).hasBias(false).dataFormat(f)
                        .activation(Activation.IDENTITY).build(), "r1")
                .addLayer("bn2", bn(f, logStd), "dw")
                .addLayer("r2", new ActivationLayer.Builder().activation(new ActivationReLU(6.0, null, null)).build(), "bn2")
                .addLayer("c3", new ConvolutionLayer.Builder(1, 1).nOut(12).dataFormat(f).activation(Activation.IDENTITY).build(), "r2")
                .addLayer("bn3", bn(f, logStd), "c3")
                .addLayer("side", new ConvolutionLayer.Builder(1, 1).nOut(12).dataFormat(f).activation(Activation.IDENTITY).build(), "r2")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "bn3", "side")
                .addLayer("bn4", bn(f, logStd), "add")
                .addLayer("c5", new ConvolutionLayer.Builder(1, 1).nOut(4).dataFormat(f).activation(Activation.IDENTITY).build(), "bn4")
                .addLayer("bn5", bn(f, logStd), "c5")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "bn5", "c5")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "sum")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        g.init();
        // Statistics and affine parameters far from the defaults, so that a wrong fold shows.
        Nd4j.getRandom().setSeed(9);
        for (String name : List.of("bn1", "bn2", "bn3", "bn4", "bn5")) {
            var l = g.getLayer(name);
            long c = l.getParam("gamma").length();
            l.setParam("gamma", Nd4j.rand(DataType.FLOAT, 1, c).muli(1.5).addi(0.25));
            l.setParam("beta", Nd4j.randn(DataType.FLOAT, 1, c));
            l.setParam("mean", Nd4j.randn(DataType.FLOAT, 1, c).muli(0.3));
            INDArray var = Nd4j.rand(DataType.FLOAT, 1, c).muli(2).addi(0.1);
            if (logStd) {
                l.setParam("log10stdev", org.nd4j.linalg.ops.transforms.Transforms.log(
                        org.nd4j.linalg.ops.transforms.Transforms.sqrt(var, true), 10.0, false));
            } else {
                l.setParam("var", var);
            }
        }
        return g;
    }

    private static BatchNormalization bn(CNN2DFormat f, boolean logStd) {
        return new BatchNormalization.Builder().dataFormat(f).useLogStd(logStd).eps(1e-3).build();
    }
}
