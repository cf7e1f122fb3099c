package org.transfer4j.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
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
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * CDAN's multilinear map and JAN's joint MMD: numerical gradient checks in double precision, and their values
 * against direct computations written out here.
 */
class ConditionalAlignmentTest {
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

    static boolean check(ComputationGraph g, INDArray[] in, INDArray y) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(in)
                .labels(new INDArray[] {y}).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    /** in(6) -> features(4, tanh) and logits(3), side by side into JAN's loss. */
    static ComputationGraph janNet(JointMmdLoss loss) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(6))
                .addLayer("features", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("logits", new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build(), "in")
                .addVertex("joint", new MergeVertex(), "features", "logits")
                .addLayer("domain", new LossLayer.Builder(loss).activation(Activation.IDENTITY).build(), "joint")
                .setOutputs("domain").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static INDArray domainLabels(int rows, int source, int width) {
        INDArray d = Nd4j.zeros(DataType.DOUBLE, rows, width);
        for (int i = source; i < rows; i++) {
            d.getRow(i).assign(1.0);
        }
        return d;
    }

    @Test
    void jointMmdPassesTheGradientCheckThroughFeaturesAndLogits() {
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 10, 6).subi(0.5);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6), org.nd4j.linalg.indexing.NDArrayIndex.all()).muli(3).addi(0.4);
        ComputationGraph g = janNet(new JointMmdLoss(2.0, 4, 0.5, 1.0, 2.0));
        INDArray d = domainLabels(10, 6, 7);
        assertTrue(g.score(new org.nd4j.linalg.dataset.DataSet(x, d)) > 1e-4, "a loss worth checking");
        assertTrue(check(g, new INDArray[] {x}, d));
    }

    /** The joint MMD written out: sum over pairs of a_i a_j (sum_b exp(-|f_i - f_j|^2 / g_b)) exp(-|p_i - p_j|^2 / 2 sigma^2). */
    static double jointMmdByHand(double[][] f, double[][] z, boolean[] source, double[] g) {
        int n = f.length;
        int ns = 0;
        for (boolean s : source) {
            ns += s ? 1 : 0;
        }
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double max = java.util.Arrays.stream(z[i]).max().orElseThrow();
            double sum = java.util.Arrays.stream(z[i]).map(v -> Math.exp(v - max)).sum();
            p[i] = java.util.Arrays.stream(z[i]).map(v -> Math.exp(v - max) / sum).toArray();
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double ai = source[i] ? 1.0 / ns : -1.0 / (n - ns);
                double aj = source[j] ? 1.0 / ns : -1.0 / (n - ns);
                double kf = 0;
                for (double gb : g) {
                    kf += Math.exp(-squared(f[i], f[j]) / gb);
                }
                double kp = Math.exp(-squared(p[i], p[j]) / (2 * 0.92 * 0.92));
                total += ai * aj * kf * kp;
            }
        }
        return total;
    }

    static double squared(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return s;
    }

    @Test
    void jointMmdEqualsTheDirectSumAndIsZeroForIdenticalDomains() {
        Nd4j.getRandom().setSeed(4);
        INDArray f = Nd4j.rand(DataType.DOUBLE, 7, 3);
        INDArray z = Nd4j.rand(DataType.DOUBLE, 7, 4).muli(4);
        boolean[] src = {true, true, true, false, false, false, false};
        double[] g = {0.3, 1.1};
        double expected = 1.5 * jointMmdByHand(f.toDoubleMatrix(), z.toDoubleMatrix(), src, g);
        assertEquals(expected, new JointMmdLoss(1.5, 3, g).value(Nd4j.hstack(f, z), src).loss(), 1e-10);
        // The median heuristic: bandwidths are the multipliers times the median squared distance between feature rows.
        double median = MmdLoss.medianOffDiagonal(MmdLoss.squaredDistances(f));
        double[] scaled = java.util.Arrays.stream(new double[] {0.25, 0.5, 1, 2, 4}).map(m -> m * median).toArray();
        assertEquals(jointMmdByHand(f.toDoubleMatrix(), z.toDoubleMatrix(), src, scaled),
                new JointMmdLoss(1.0, 3).value(Nd4j.hstack(f, z), src).loss(), 1e-10);
        INDArray half = Nd4j.hstack(f.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.all()),
                z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        assertEquals(0.0, new JointMmdLoss(1.0, 3).value(Nd4j.vstack(half, half),
                new boolean[] {true, true, true, false, false, false}).loss(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new JointMmdLoss(1.0, 11).value(Nd4j.hstack(f, z), src),
                "no logits after the features");
        assertThrows(IllegalArgumentException.class, () -> new JointMmdLoss(1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new JointMmdLoss(1.0, 7).value(Nd4j.hstack(f, z), src),
                "as many feature columns as the input has: no logits");
        assertTrue(new JointMmdLoss(1.0, 1).value(Nd4j.hstack(f, z), src).loss() > 0, "one feature column is enough");
        // One domain only: nothing to compare, no gradient.
        BatchDomainLoss.Value one = new JointMmdLoss(1.0, 3).value(Nd4j.hstack(f, z), new boolean[7]);
        assertEquals(0.0, one.loss(), 0.0);
        assertEquals(0.0, one.gradient().norm2Number().doubleValue(), 0.0);
        // Identical features everywhere (median distance 0): the bandwidths fall back to the multipliers, no NaN.
        INDArray flat = Nd4j.hstack(Nd4j.ones(DataType.DOUBLE, 7, 3), z);
        double[] ones = {0.25, 0.5, 1, 2, 4};
        assertEquals(jointMmdByHand(Nd4j.ones(DataType.DOUBLE, 7, 3).toDoubleMatrix(), z.toDoubleMatrix(), src, ones),
                new JointMmdLoss(1.0, 3).value(flat, src).loss(), 1e-10);
    }

    @Test
    void jointMmdIsAValueObjectThatSerialisesItsSettings() {
        JointMmdLoss a = new JointMmdLoss(2.0, 4);
        assertEquals(a, new JointMmdLoss(2.0, 4));
        assertEquals(a.hashCode(), new JointMmdLoss(2.0, 4).hashCode());
        assertTrue(!a.equals(new JointMmdLoss(2.0, 5)) && !a.equals(new JointMmdLoss(1.0, 4))
                && !a.equals(new JointMmdLoss(2.0, 4, 1.0)) && !a.equals(new MmdLoss(2.0)));
        assertTrue(a.hashCode() != new JointMmdLoss(2.0, 5).hashCode());
        assertEquals("JointMmdLoss(weight=2.0, features=4, multipliers=[0.25, 0.5, 1.0, 2.0, 4.0])", a.toString());
        assertEquals("JointMmdLoss(weight=2.0, features=4, bandwidths=[1.0])", new JointMmdLoss(2.0, 4, 1.0).name());
        // Bean properties, as DL4J's JSON writes and reads the loss with the network.
        JointMmdLoss b = new JointMmdLoss();
        b.setWeight(2.0);
        b.setFeatures(a.getFeatures());
        b.setMultipliers(a.getMultipliers());
        b.setBandwidths(a.getBandwidths());
        assertEquals(a, b);
    }

    @Test
    void jointMmdSeesClassesThatMarginalMmdDoesNot() {
        // Same features in both domains, predictions swapped between two classes: marginal MMD on the features is 0,
        // the joint one is not.
        INDArray f = Nd4j.create(new double[][] {{0, 1}, {1, 0}, {0, 1}, {1, 0}});
        INDArray z = Nd4j.create(new double[][] {{5, 0}, {0, 5}, {0, 5}, {5, 0}});
        boolean[] src = {true, true, false, false};
        assertEquals(0.0, new MmdLoss(1.0).value(f, src).loss(), 1e-12);
        assertTrue(new JointMmdLoss(1.0, 2).value(Nd4j.hstack(f, z), src).loss() > 0.01);
    }

    /** features from "in" through a dense layer, logits straight from a second input: the map, a dense layer, an output. */
    static ComputationGraph cdanNet(int w) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("in", "logits")
                .setInputTypes(InputType.feedForward(4), InputType.feedForward(3))
                .addLayer("features", new DenseLayer.Builder().nOut(w).activation(Activation.TANH).build(), "in")
                .addVertex("joint", new MergeVertex(), "features", "logits")
                .addLayer("map", new ConditionalMap("map", w), "joint")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "map")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void conditionalMapIsTheOuterProductOfFeaturesAndPredictions() {
        ComputationGraph g = cdanNet(5);
        var layer = g.getLayer("map");
        Nd4j.getRandom().setSeed(2);
        INDArray f = Nd4j.rand(DataType.DOUBLE, 4, 5);
        INDArray z = Nd4j.rand(DataType.DOUBLE, 4, 3).muli(3);
        layer.setInput(Nd4j.hstack(f, z), LayerWorkspaceMgr.noWorkspaces());
        INDArray out = layer.activate(false, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(15, out.size(1));
        for (int i = 0; i < 4; i++) {
            double[] row = z.getRow(i).toDoubleVector();
            double sum = java.util.Arrays.stream(row).map(Math::exp).sum();
            for (int c = 0; c < 3; c++) {
                for (int a = 0; a < 5; a++) {
                    assertEquals(f.getDouble(i, a) * Math.exp(row[c]) / sum, out.getDouble(i, c * 5 + a), 1e-12,
                            "row " + i + " class " + c + " feature " + a);
                }
            }
        }
        // Backward: the features get sum_c eps_(c,a) p_c; the logits get nothing (detached, as in tllib).
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 4, 15);
        INDArray back = layer.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        for (int i = 0; i < 4; i++) {
            double[] row = z.getRow(i).toDoubleVector();
            double sum = java.util.Arrays.stream(row).map(Math::exp).sum();
            for (int a = 0; a < 5; a++) {
                double expected = 0;
                for (int c = 0; c < 3; c++) {
                    expected += eps.getDouble(i, c * 5 + a) * Math.exp(row[c]) / sum;
                }
                assertEquals(expected, back.getDouble(i, a), 1e-12);
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(0.0, back.getDouble(i, 5 + c), 0.0, "logits are detached");
            }
        }
    }

    @Test
    void conditionalMapPassesTheGradientCheckAndSerialises() throws Exception {
        ComputationGraph g = cdanNet(3);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5);
        INDArray z = Nd4j.rand(DataType.DOUBLE, 6, 3).muli(2);
        INDArray y = domainLabels(6, 6, 2);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 2, 1.0);
        }
        assertTrue(check(g, new INDArray[] {x, z}, y));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, false);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), false);
        assertEquals(g.getConfiguration(), back.getConfiguration());
        assertEquals(g.output(x, z)[0], back.output(x, z)[0]);
        assertThrows(IllegalArgumentException.class, () -> new ConditionalMap("m", 0));
        assertEquals(InputType.feedForward(2), new ConditionalMap("m", 1).getOutputType(0, InputType.feedForward(3)));
        ConditionalMap map = new ConditionalMap("m", 3);
        assertEquals(map, map.clone());
        assertTrue(!map.equals(new ConditionalMap("m", 2)) && map.hashCode() != new ConditionalMap("m", 2).hashCode());
        assertEquals(map.hashCode(), new ConditionalMap("m", 3).hashCode());
        assertEquals(9, map.getMemoryReport(InputType.feedForward(6)).getOutputType().arrayElementsPerExample(),
                "3 features x 3 classes");
        org.deeplearning4j.optimize.api.TrainingListener listener = new org.deeplearning4j.optimize.listeners.ScoreIterationListener(1);
        NeuralNetConfiguration nnc = new NeuralNetConfiguration.Builder().layer(map).build();
        var layer = map.instantiate(nnc, java.util.List.of(listener), 4, null, true, DataType.DOUBLE);
        assertEquals(4, layer.getIndex());
        assertTrue(layer.getListeners().contains(listener));
        assertEquals(org.deeplearning4j.nn.api.Layer.Type.FEED_FORWARD, layer.type());
        assertTrue(!layer.isPretrainLayer() && layer.params() == null && layer.numParams() == 0);
        assertEquals(map, layer.conf().getLayer());
        assertThrows(IllegalStateException.class, () -> new ConditionalMap("m", 3).getOutputType(0, InputType.feedForward(3)),
                "no logits after the features");
    }
}
