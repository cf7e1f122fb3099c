package org.transfer4j.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Numerical gradient checks, in double precision, of the gradient reversal layer and the CORAL and
 * MMD batch losses, plus the exact -lambda scaling of the reversal layer.
 */
class DomainGradientCheckTest {
    static DataType saved;

    @BeforeAll
    static void doublePrecision() {
        saved = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(saved, saved);
    }

    /** in(4) - dense(5, tanh) - middle - dense(3, softmax, MCXENT). */
    static ComputationGraph net(Layer middle) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(4))
                .addLayer("dense", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("middle", middle, "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "middle")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static INDArray[] data() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return new INDArray[] {x, y};
    }

    static boolean check(ComputationGraph g, INDArray x, INDArray y) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(new INDArray[] {x})
                .labels(new INDArray[] {y}).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    @Test
    void reversalLayerPassesTheGradientCheckAsAnIdentityAndFailsItWhenReversing() {
        INDArray[] d = data();
        // With lambda = -1 the layer must be an exact identity in both passes: the check covers its plumbing.
        assertTrue(check(net(new GradientReversal("middle", -1)), d[0], d[1]));
        // With lambda = 1 the gradient below it is reversed on purpose: the numerical check must now fail.
        assertFalse(check(net(new GradientReversal("middle", 1)), d[0], d[1]));
    }

    @Test
    void reversalGradientIsExactlyMinusLambdaTimesTheIdentitys() {
        INDArray[] d = data();
        for (double lambda : new double[] {1.0, 0.5, 2.0}) {
            ComputationGraph id = net(new ActivationLayer.Builder().activation(Activation.IDENTITY).build());
            ComputationGraph grl = net(new GradientReversal("middle", lambda));
            grl.setParams(id.params());
            id.setInputs(d[0]);
            id.setLabels(d[1]);
            grl.setInputs(d[0]);
            grl.setLabels(d[1]);
            id.computeGradientAndScore();
            grl.computeGradientAndScore();
            assertEquals(id.score(), grl.score(), 0.0, "same forward pass");
            INDArray below = id.gradient().getGradientFor("dense_W");
            assertEquals(below.mul(-lambda), grl.gradient().getGradientFor("dense_W"), "lambda " + lambda);
            assertEquals(id.gradient().getGradientFor("dense_b").mul(-lambda), grl.gradient().getGradientFor("dense_b"));
            assertEquals(id.gradient().getGradientFor("out_W"), grl.gradient().getGradientFor("out_W"), "above: unchanged");
        }
        // The layer itself, for a lambda that is not a power of two: epsilon out = -lambda x epsilon in.
        ComputationGraph g = net(new GradientReversal("middle", 0.37));
        var layer = g.getLayer("middle");
        INDArray in = Nd4j.rand(DataType.DOUBLE, 6, 5);
        layer.setInput(in, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(in, layer.activate(true, LayerWorkspaceMgr.noWorkspaces()), "identity forward");
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 6, 5);
        assertEquals(eps.mul(-0.37), layer.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond());
    }

    @Test
    void reversalLayerSerialisesWithTheNetwork() throws Exception {
        ComputationGraph g = net(new GradientReversal("middle", 0.25));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, false);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new java.io.ByteArrayInputStream(bytes.toByteArray()), false);
        assertEquals(g.getConfiguration(), back.getConfiguration());
        assertEquals(0.25, ((GradientReversal) back.getLayer("middle").conf().getLayer()).getLambda());
        INDArray x = data()[0];
        assertEquals(g.outputSingle(x), back.outputSingle(x));
    }

    /** in(6) - dense(4, tanh) - LossLayer(identity, loss): the loss sees the dense layer's features. */
    static ComputationGraph lossNet(ILossFunction loss) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(6))
                .addLayer("features", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("domain", new LossLayer.Builder(loss).activation(Activation.IDENTITY).build(), "features")
                .setOutputs("domain").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** Ten rows, the first six from the source domain, the source shifted so that the loss is not near zero. */
    static INDArray[] domainData() {
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 10, 6).subi(0.5);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6), org.nd4j.linalg.indexing.NDArrayIndex.all()).muli(2).addi(0.3);
        INDArray domain = Nd4j.zeros(DataType.DOUBLE, 10, 4);
        for (int i = 6; i < 10; i++) {
            domain.getRow(i).assign(1.0);
        }
        return new INDArray[] {x, domain};
    }

    @Test
    void coralLossPassesTheGradientCheck() {
        INDArray[] d = domainData();
        ComputationGraph g = lossNet(new CoralLoss(3.0));
        assertTrue(g.score(new org.nd4j.linalg.dataset.DataSet(d[0], d[1])) > 1e-4, "a loss worth checking");
        assertTrue(check(g, d[0], d[1]));
    }

    @Test
    void mmdLossPassesTheGradientCheck() {
        INDArray[] d = domainData();
        ComputationGraph g = lossNet(new MmdLoss(2.0, 0.5, 1.0, 2.0, 4.0));
        assertTrue(g.score(new org.nd4j.linalg.dataset.DataSet(d[0], d[1])) > 1e-4, "a loss worth checking");
        assertTrue(check(g, d[0], d[1]));
    }

    @Test
    void lossesAreZeroForIdenticalDomainsAndPositiveOtherwise() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
        INDArray both = Nd4j.vstack(x, x);
        boolean[] src = {true, true, true, true, false, false, false, false};
        assertEquals(0.0, new CoralLoss(1).value(both, src).loss(), 1e-12);
        assertEquals(0.0, new MmdLoss(1).value(both, src).loss(), 1e-12);
        INDArray shifted = Nd4j.vstack(x, x.mul(3).addi(1));
        assertNotEquals(0.0, new CoralLoss(1).value(shifted, src).loss());
        assertTrue(new MmdLoss(1).value(shifted, src).loss() > 0);
    }

    @Test
    void entropyLossPassesTheGradientCheckAndReadsTargetRowsOnly() {
        INDArray[] d = domainData();
        ComputationGraph g = lossNet(new EntropyLoss(2.0));
        assertTrue(g.score(new org.nd4j.linalg.dataset.DataSet(d[0], d[1])) > 1e-4, "a loss worth checking");
        assertTrue(check(g, d[0], d[1]));
        // The value by hand: 2 x the mean entropy of softmax over the four target rows (rows 6 to 9).
        INDArray z = Nd4j.rand(DataType.DOUBLE, 10, 4).muli(3);
        boolean[] src = new boolean[10];
        java.util.Arrays.fill(src, 0, 6, true);
        double expected = 0;
        for (int i = 6; i < 10; i++) {
            double[] row = z.getRow(i).toDoubleVector();
            double max = java.util.Arrays.stream(row).max().orElseThrow();
            double sum = java.util.Arrays.stream(row).map(v -> Math.exp(v - max)).sum();
            for (double v : row) {
                double p = Math.exp(v - max) / sum;
                expected -= p * Math.log(p);
            }
        }
        BatchDomainLoss.Value v = new EntropyLoss(2.0).value(z, src);
        assertEquals(2.0 * expected / 4, v.loss(), 1e-9);
        for (int i = 0; i < 6; i++) {
            assertEquals(0.0, v.gradient().getRow(i).norm2Number().doubleValue(), 0.0, "source row " + i);
        }
    }

    @Test
    void mmdBandwidthsFollowTheMedianSquaredDistance() {
        // Rows on a line at 0, 1, 3: squared distances 1, 9, 4; median 4.
        INDArray x = Nd4j.create(new double[][] {{0}, {1}, {3}});
        INDArray sq = x.mul(x).sum(1).reshape(3, 1);
        INDArray dist = x.mmul(x.transpose()).muli(-2).addiColumnVector(sq).addiRowVector(sq.reshape(1, 3));
        assertEquals(4.0, MmdLoss.medianOffDiagonal(dist), 1e-12);
        // An even count takes the middle two: rows 0, 1, 3, 6 give 1, 9, 36, 4, 25, 9 -> (9 + 9) / 2.
        INDArray y = Nd4j.create(new double[][] {{0}, {1}, {3}, {6}});
        INDArray sq2 = y.mul(y).sum(1).reshape(4, 1);
        INDArray dist2 = y.mmul(y.transpose()).muli(-2).addiColumnVector(sq2).addiRowVector(sq2.reshape(1, 4));
        assertEquals(9.0, MmdLoss.medianOffDiagonal(dist2), 1e-12);
        // The loss with default multipliers equals the loss with the bandwidths spelled out.
        boolean[] src = {true, true, false, false};
        MmdLoss byMedian = new MmdLoss(1.0);
        MmdLoss spelled = new MmdLoss(1.0, 0.25 * 9, 0.5 * 9, 9, 2 * 9, 4 * 9);
        assertEquals(spelled.value(y, src).loss(), byMedian.value(y, src).loss(), 1e-12);
    }
}
