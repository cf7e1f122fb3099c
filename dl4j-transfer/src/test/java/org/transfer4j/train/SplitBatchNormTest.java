package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The reference is DL4J's own batch normalization run on each domain's rows alone: with each part normalized by its
 * own statistics the two parts do not interact, so a split step's mean loss is the average of the two parts' own, its
 * gradients (sums over rows in DL4J) are their sums, and its running statistics are the first part's.
 */
class SplitBatchNormTest {
    private static final int ROWS = 6;

    @ParameterizedTest(name = "{0}, log std {1}")
    @CsvSource({"NCHW, false", "NHWC, false", "NCHW, true"})
    void aSplitStepIsEachDomainNormalizedAlone(CNN2DFormat format, boolean logStd) {
        INDArray x = input(format, 2 * ROWS);
        // The second domain: brighter and inverted, as the study's shifts are.
        x.get(NDArrayIndex.interval(ROWS, 2 * ROWS)).negi().addi(30);
        INDArray y = labels(2 * ROWS);
        INDArray xa = x.get(NDArrayIndex.interval(0, ROWS)).dup();
        INDArray xb = x.get(NDArrayIndex.interval(ROWS, 2 * ROWS)).dup();
        INDArray ya = y.get(NDArrayIndex.interval(0, ROWS)).dup();
        INDArray yb = y.get(NDArrayIndex.interval(ROWS, 2 * ROWS)).dup();

        ComputationGraph a = graph(format, logStd);
        a.setInputs(xa);
        a.setLabels(ya);
        a.computeGradientAndScore();
        ComputationGraph b = graph(format, logStd);
        b.setInputs(xb);
        b.setLabels(yb);
        b.computeGradientAndScore();
        ComputationGraph split = graph(format, logStd);
        split.setInputs(x);
        split.setLabels(y);
        int[] calls = new int[2];
        int layers = SplitBatchNorm.during(split, ROWS, () -> {
            split.computeGradientAndScore();
            for (String name : List.of("bn1", "bn2")) {
                var h = assertInstanceOf(SplitBatchNorm.Split.class,
                        SplitBatchNorm.helper((org.deeplearning4j.nn.layers.normalization.BatchNormalization) split.getLayer(name)));
                calls[0] += h.trainingForwards;
                calls[1] += h.backwards;
            }
        });
        assertArrayEquals(new int[] {2, 2}, calls, "one training forward and one backward pass per layer, both split");

        assertEquals(2, layers);
        assertEquals((a.score() + b.score()) / 2, split.score(), 1e-5);
        for (String key : List.of("c1_W", "c1_b", "bn1_gamma", "bn1_beta", "d1_W", "bn2_gamma", "bn2_beta", "out_W", "out_b")) {
            // DL4J sums parameter gradients over rows (its updater divides by the minibatch later); the score is a mean.
            INDArray want = a.gradient().getGradientFor(key).add(b.gradient().getGradientFor(key));
            INDArray got = split.gradient().getGradientFor(key);
            double diff = want.sub(got).amaxNumber().doubleValue();
            assertTrue(diff < 1e-6 * Math.max(1, want.amaxNumber().doubleValue()), key + ": max difference " + diff);
        }
    }

    @Test
    void theRunningStatisticsFollowTheFirstDomainAndTheLayersGetTheirHelpersBack() {
        INDArray x = input(CNN2DFormat.NCHW, 2 * ROWS);
        x.get(NDArrayIndex.interval(ROWS, 2 * ROWS)).muli(3).addi(7);
        INDArray y = labels(2 * ROWS);
        ComputationGraph a = graph(CNN2DFormat.NCHW, false);
        a.fit(new DataSet(x.get(NDArrayIndex.interval(0, ROWS)).dup(), y.get(NDArrayIndex.interval(0, ROWS)).dup()));
        ComputationGraph split = graph(CNN2DFormat.NCHW, false);
        var bn = (org.deeplearning4j.nn.layers.normalization.BatchNormalization) split.getLayer("bn1");
        var own = SplitBatchNorm.helper(bn);
        Nets.fitDomains(split, new org.nd4j.linalg.dataset.MultiDataSet(x, y), ROWS);
        for (String name : List.of("bn1", "bn2")) {
            for (String p : List.of("mean", "var")) {
                INDArray want = a.getLayer(name).getParam(p);
                double diff = want.sub(split.getLayer(name).getParam(p)).amaxNumber().doubleValue();
                assertTrue(diff < 1e-4 * Math.max(1, want.amaxNumber().doubleValue()), name + " " + p + ": " + diff);
            }
        }
        assertSame(own, SplitBatchNorm.helper(bn), "the layer's own helper is back after the step");
        // Inference uses the running statistics, as DL4J's own layer does.
        INDArray probe = input(CNN2DFormat.NCHW, 3);
        INDArray want = split.outputSingle(false, probe);
        INDArray[] got = new INDArray[1];
        SplitBatchNorm.during(split, 1, () -> {
            got[0] = split.outputSingle(false, probe);
            split.setInputs(x);
            split.setLabels(y);
            split.computeGradientAndScore(); // the step's own check wants one training pass
        });
        assertTrue(want.equalsWithEps(got[0], 1e-5), "inference inside a split step");
    }

    @Test
    void aBatchWithoutTheSecondDomainIsRefusedNotTrainedWithMixedStatistics() {
        ComputationGraph g = graph(CNN2DFormat.NCHW, false);
        g.setInputs(input(CNN2DFormat.NCHW, ROWS));
        g.setLabels(labels(ROWS));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SplitBatchNorm.during(g, ROWS, g::computeGradientAndScore));
        assertTrue(e.getMessage().contains("bn1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SplitBatchNorm.during(g, 0, () -> { }));
    }

    @Test
    void theHelperRefusesAOneDomainBatchAndNormalizesInferenceByTheRunningStatistics() {
        var h = new SplitBatchNorm.Split(null, 3);
        INDArray x = input(CNN2DFormat.NCHW, 3);
        INDArray gamma = Nd4j.createFromArray(0.5, 2.0, 1.0).reshape(1, 3);
        INDArray beta = Nd4j.createFromArray(1.0, -1.0, 0.0).reshape(1, 3);
        INDArray mean = Nd4j.createFromArray(4.0, 3.0, 2.0).reshape(1, 3);
        INDArray var = Nd4j.createFromArray(1.0, 4.0, 0.25).reshape(1, 3);
        var wm = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> h.preOutput(x, true, x.shape(), gamma, beta, mean, var, 0.9, 1e-5, CNN2DFormat.NCHW, wm));
        assertTrue(e.getMessage().contains("more than 3 rows"), e.getMessage());
        INDArray got = h.preOutput(x, false, x.shape(), gamma, beta, mean, var, 0.9, 1e-5, CNN2DFormat.NCHW, wm);
        for (int c = 0; c < 3; c++) {
            INDArray want = x.get(NDArrayIndex.all(), NDArrayIndex.point(c)).sub(mean.getDouble(c))
                    .divi(Math.sqrt(var.getDouble(c) + 1e-5)).muli(gamma.getDouble(c)).addi(beta.getDouble(c));
            assertTrue(want.equalsWithEps(got.get(NDArrayIndex.all(), NDArrayIndex.point(c)), 1e-9), "channel " + c);
        }
        assertEquals(0, h.trainingForwards, "inference is not a training pass");
        // What DL4J asks a helper besides: supported whatever the layer's settings (the formulas need nothing else),
        // memory as the layer's own helper reports it.
        assertTrue(h.checkSupported() && h.checkSupported(1e-3, true));
        assertEquals(java.util.Map.of(), h.helperMemoryUse());
        var own = new org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper(DataType.FLOAT);
        assertEquals(own.helperMemoryUse(), new SplitBatchNorm.Split(own, 3).helperMemoryUse());
    }

    private static INDArray input(CNN2DFormat f, int n) {
        Nd4j.getRandom().setSeed(8 + n);
        return (f == CNN2DFormat.NHWC ? Nd4j.rand(DataType.DOUBLE, n, 5, 5, 3) : Nd4j.rand(DataType.DOUBLE, n, 3, 5, 5))
                .muli(4).addi(2);
    }

    private static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7 / 3) % 3, 1.0);
        }
        return y;
    }

    private static ComputationGraph graph(CNN2DFormat f, boolean logStd) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6).updater(new Sgd(0.1))
                .dataType(DataType.DOUBLE).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(5, 5, 3, f))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(f).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().dataFormat(f).useLogStd(logStd).eps(1e-3).build(), "c1")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "bn1")
                .addLayer("d1", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).hasBias(false).build(), "pool")
                .addLayer("bn2", new BatchNormalization.Builder().useLogStd(logStd).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "bn2")
                .setOutputs("out").build());
        g.init();
        Nd4j.getRandom().setSeed(13);
        for (String name : List.of("bn1", "bn2")) {
            long c = g.getLayer(name).getParam("gamma").length();
            g.getLayer(name).setParam("gamma", Nd4j.rand(DataType.DOUBLE, 1, c).addi(0.5));
            g.getLayer(name).setParam("beta", Nd4j.randn(DataType.DOUBLE, 1, c));
        }
        return g;
    }
}
