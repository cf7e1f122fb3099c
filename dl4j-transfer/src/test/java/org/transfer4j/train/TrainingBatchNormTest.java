package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.zoo.runtime.CpuHelpers;

class TrainingBatchNormTest {
    @BeforeAll
    static void helpersOn() {
        CpuHelpers.ensureConfigured(); // the row-wise pass replaces DL4J's oneDNN helper, so the layers need one
    }

    // Locked gamma and beta are left out: DL4J's own helper path fails on them in M2.1 (an index out of bounds in
    // computeGradientAndScore), so there is nothing to compare with.
    @ParameterizedTest(name = "{0}, log std {1}")
    @CsvSource({"NHWC, false", "NHWC, true", "NCHW, false", "NCHW, true"})
    void gradientsScoresAndRunningStatisticsAreDl4jsOwn(CNN2DFormat format, boolean logStd) {
        ComputationGraph plain = graph(format, logStd);
        ComputationGraph rowWise = graph(format, logStd);
        Nd4j.getRandom().setSeed(8);
        // A large mean in the input: the variance must not lose its digits to it.
        INDArray x = (format == CNN2DFormat.NHWC ? Nd4j.rand(DataType.FLOAT, 6, 7, 7, 3) : Nd4j.rand(DataType.FLOAT, 6, 3, 7, 7))
                .muli(4).addi(20);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        plain.setInputs(x);
        plain.setLabels(y);
        rowWise.setInputs(x);
        rowWise.setLabels(y);
        plain.computeGradientAndScore();
        int[] calls = new int[2];
        int swapped = TrainingBatchNorm.during(rowWise, () -> {
            rowWise.computeGradientAndScore();
            for (String name : List.of("bn1", "bn2")) {
                var h = (TrainingBatchNorm.RowWise) TrainingBatchNorm.helper((org.deeplearning4j.nn.layers.normalization.BatchNormalization) rowWise.getLayer(name));
                calls[0] += h.trainingForwards;
                calls[1] += h.backwards;
            }
        });
        assertEquals(2, swapped);
        // The dense normalization (rank 2) and the convolutional one, channels-last or channels-first.
        int rowWiseLayers = 2;
        assertEquals(rowWiseLayers, calls[0], "training forwards done row-wise");
        assertEquals(rowWiseLayers, calls[1], "backward passes done row-wise");
        assertEquals(plain.score(), rowWise.score(), 1e-5 * Math.abs(plain.score()));
        INDArray want = plain.gradient().gradient();
        INDArray got = rowWise.gradient().gradient();
        double diff = want.sub(got).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4 * want.amaxNumber().doubleValue(), "max gradient difference " + diff);

        // A whole fit step: the weights and the running mean and variance DL4J derives from the batch statistics. With
        // SGD, not Adam: the bias of a convolution under a batch normalization has a true gradient of zero, and
        // Adam's first step turns float noise there into a full step of either sign.
        DataSet d = new DataSet(x, y);
        plain.fit(d);
        TrainingBatchNorm.during(rowWise, () -> rowWise.fit(d));
        for (String name : List.of("bn1", "bn2", "c1", "d1")) {
            INDArray p = plain.getLayer(name).params();
            double pd = p.sub(rowWise.getLayer(name).params()).amaxNumber().doubleValue();
            assertTrue(pd < 1e-4 * Math.max(1, p.amaxNumber().doubleValue()), name + ": " + pd);
        }
        assertInstanceOf(org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper.class,
                TrainingBatchNorm.helper((org.deeplearning4j.nn.layers.normalization.BatchNormalization) rowWise.getLayer("bn1")),
                "DL4J's helper is back after the step");
    }

    @org.junit.jupiter.api.Test
    void whatDl4jAsksOtherwiseIsAnsweredByItsOwnHelper() {
        var own = new org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper(DataType.FLOAT);
        var r = new TrainingBatchNorm.RowWise(own);
        assertEquals(own.checkSupported(), r.checkSupported());
        assertEquals(own.checkSupported(1e-3, false), r.checkSupported(1e-3, false));
        assertEquals(own.checkSupported(1e-3, true), r.checkSupported(1e-3, true));
        assertEquals(own.helperMemoryUse(), r.helperMemoryUse());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NHWC", "NCHW"})
    void inferenceIsLeftToDl4j(CNN2DFormat format) {
        ComputationGraph g = graph(format, false);
        var bn = (org.deeplearning4j.nn.layers.normalization.BatchNormalization) g.getLayer("bn1");
        var original = TrainingBatchNorm.helper(bn);
        INDArray x = format == CNN2DFormat.NHWC ? Nd4j.rand(DataType.FLOAT, 2, 7, 7, 3) : Nd4j.rand(DataType.FLOAT, 2, 3, 7, 7);
        INDArray want = g.outputSingle(false, x);
        INDArray[] got = new INDArray[1];
        TrainingBatchNorm.during(g, () -> {
            got[0] = g.outputSingle(false, x);
            assertEquals(0, ((TrainingBatchNorm.RowWise) TrainingBatchNorm.helper(bn)).trainingForwards);
        });
        assertEquals(want, got[0]);
        assertSame(original, TrainingBatchNorm.helper(bn));
    }

    private static ComputationGraph graph(CNN2DFormat f, boolean logStd) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(7, 7, 3, f))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(5).dataFormat(f).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().dataFormat(f).useLogStd(logStd).eps(1e-3).build(), "c1")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn1")
                .addLayer("d1", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "pool")
                .addLayer("bn2", new BatchNormalization.Builder().useLogStd(logStd).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "bn2")
                .setOutputs("out").build());
        g.init();
        // Scales and shifts away from their initial 1 and 0, so that one left out shows.
        Nd4j.getRandom().setSeed(13);
        for (String name : List.of("bn1", "bn2")) {
            long c = g.getLayer(name).getParam("gamma").length();
            g.getLayer(name).setParam("gamma", Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5));
            g.getLayer(name).setParam("beta", Nd4j.randn(DataType.FLOAT, 1, c));
        }
        return g;
    }
}
