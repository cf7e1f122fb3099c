package org.transfer4j.domain;

import org.transfer4j.plan.DomainMethod;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.transfer4j.common.Progress;
import org.transfer4j.train.Rows;
import org.transfer4j.transfer.plan.NetworkTransfer;

/**
 * The training protocol of the domain methods: the label loss is the mean over the source rows in adapting steps,
 * no method reads target labels (only the oracle), DANN's schedule and the annealed rate follow Ganin et al., and
 * AdaBN's statistics are those of the target images.
 */
class DomainTrainerTest {
    static final int CLASSES = 3;

    static DomainTrainer.Data data(INDArray targetLabels) {
        Nd4j.getRandom().setSeed(21);
        INDArray sx = Nd4j.rand(DataType.FLOAT, 40, 6);
        INDArray tx = Nd4j.rand(DataType.FLOAT, 40, 6).muli(2).addi(0.5);
        return new DomainTrainer.Data(sx, labels(40, 0), tx, targetLabels);
    }

    static INDArray labels(int n, int offset) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i + offset) % CLASSES, 1f);
        }
        return y;
    }

    @Test
    void anAdaptingStepsLabelLossIsTheMeanOverItsSourceRows() {
        // CORAL at weight 0 adds nothing: the adapting network's score must be the source-only loss on the source rows.
        DomainOptions o = DomainOptions.defaults(1, 8).withWeights(0, 0);
        ComputationGraph head = DomainNetworks.head(6, 5, CLASSES, o, 3);
        ComputationGraph adapting = DomainNetworks.attach(head.clone(), DomainNetworks.FEATURES, DomainNetworks.LOGITS,
                DomainMethod.CORAL, o, Nd4j.rand(DataType.FLOAT, 1, 6));
        DomainTrainer.Data d = data(null);
        int[] s = IntStream.range(0, 8).toArray();
        INDArray x = Nd4j.vstack(Rows.pull(d.sourceX(), s), Rows.pull(d.targetX(), s));
        INDArray y = Nd4j.vstack(Rows.pull(d.sourceY(), s), Nd4j.zeros(DataType.FLOAT, 8, CLASSES));
        var target = new DomainTrainer.DomainTarget(adapting, DomainMethod.CORAL, o,
                DomainTrainer.outputLabels(adapting, DomainMethod.CORAL, d.sourceX(), 8));
        double adaptingScore = adapting.score(target.multi(new DataSet(x, y)));
        double sourceOnly = head.score(new DataSet(Rows.pull(d.sourceX(), s), Rows.pull(d.sourceY(), s)));
        assertEquals(sourceOnly, adaptingScore, 1e-5, "label loss over 8 source rows of a 16-row batch");
    }

    @ParameterizedTest
    @EnumSource(value = DomainMethod.class, names = {"SOURCE_ONLY", "DANN", "CDAN", "CORAL", "MMD", "JAN"})
    void noMethodReadsTargetLabels(DomainMethod m) {
        DomainOptions o = DomainOptions.defaults(6, 8).withEntropy(0.1);
        INDArray poisoned = labels(40, 1); // every target label wrong
        Map<String, INDArray> a = trained(m, o, data(labels(40, 0)));
        Map<String, INDArray> b = trained(m, o, data(poisoned));
        Map<String, INDArray> c = trained(m, o, data(null));
        assertEquals(a, b, m + ": true and poisoned target labels train the same network");
        assertEquals(a, c, m + ": and so does training without them");
        // The oracle, which does read them, is told apart: the test can fail.
        assertNotEquals(trained(DomainMethod.ORACLE, o, data(labels(40, 0))),
                trained(DomainMethod.ORACLE, o, data(poisoned)));
    }

    static Map<String, INDArray> trained(DomainMethod m, DomainOptions o, DomainTrainer.Data d) {
        ComputationGraph g = DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, o, 3), DomainNetworks.FEATURES,
                DomainNetworks.LOGITS, m, o, d.sourceX().getRow(0, true));
        DomainTrainer.train(g, m, d, o, 4, Progress.logOnly("test"));
        return g.paramTable();
    }

    @Test
    void dannsScheduleAndTheAnnealedRateFollowGaninEtAl() {
        DomainOptions o = DomainOptions.defaults(1000, 32);
        assertEquals(0.0, o.lambdaAt(0), 0.0);
        assertEquals(2 / (1 + Math.exp(-5)) - 1, o.lambdaAt(500), 1e-12, "half way: 0.987");
        assertEquals(2 / (1 + Math.exp(-10 * 0.999)) - 1, o.lambdaAt(999), 1e-12);
        double mean = IntStream.range(0, 1000).mapToDouble(o::lambdaAt).average().orElseThrow();
        assertTrue(mean > 0.8, "the reversal is on for most of the run, mean lambda " + mean);
        InverseSchedule rate = (InverseSchedule) ((Adam) o.updater()).getLearningRateSchedule();
        for (int t : new int[] {0, 100, 999}) {
            assertEquals(1e-3 / Math.pow(1 + 10.0 * t / 1000, 0.75), rate.valueAt(t, 0), 1e-12, "step " + t);
        }
        assertEquals(2e-3, ((Adam) o.withLearningRate(2e-3).withSteps(5).updater()).getLearningRateSchedule().valueAt(0, 0),
                0.0, "the schedule starts at mu0");
    }

    /** conv 3x3x4 - BN - ReLU - conv 3x3x3 - BN - dense - logits - softmax: two BatchNorm layers, one above the other. */
    static ComputationGraph bnNet() {
        ComputationGraphConfiguration.GraphBuilder conf = new NeuralNetConfiguration.Builder().seed(8).updater(new Adam(1e-3))
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(6, 6, 2))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "c1")
                .addLayer("r1", new ActivationLayer(Activation.RELU), "bn1")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build(), "r1")
                .addLayer("bn2", new BatchNormalization.Builder().build(), "c2")
                .addLayer(DomainNetworks.FEATURES, new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build(), "bn2");
        return withHead(conf);
    }

    /** {@code b} (whose features are {@link DomainNetworks#FEATURES}) with the logits and the softmax head, built and initialised. */
    static ComputationGraph withHead(ComputationGraphConfiguration.GraphBuilder b) {
        ComputationGraph g = new ComputationGraph(b
                .addLayer(DomainNetworks.LOGITS, new DenseLayer.Builder().nOut(CLASSES).activation(Activation.IDENTITY).build(),
                        DomainNetworks.FEATURES)
                .addLayer(NetworkTransfer.HEAD_OUTPUT, DomainNetworks.softmaxLoss(), DomainNetworks.LOGITS)
                .setOutputs(NetworkTransfer.HEAD_OUTPUT).build());
        g.init();
        return g;
    }

    @Test
    void adaBnStatisticsEqualTheTargetImagesOwn() {
        ComputationGraph g = bnNet();
        Nd4j.getRandom().setSeed(5);
        INDArray target = Nd4j.rand(DataType.FLOAT, 30, 2, 6, 6).muli(3).addi(2);
        INDArray before = g.params().dup();
        AdaBn.adapt(g, List.of(target).iterator());
        // Directly: in inference mode every BatchNorm layer's input over the target images has the stored mean and variance.
        Map<String, INDArray> acts = g.feedForward(new INDArray[] {target}, false, false);
        for (String[] bn : new String[][] {{"bn1", "c1"}, {"bn2", "c2"}}) {
            INDArray x = acts.get(bn[1]).castTo(DataType.DOUBLE);
            INDArray mean = x.mean(0, 2, 3);
            INDArray var = x.var(false, 0, 2, 3);
            var layer = g.getLayer(bn[0]);
            INDArray storedMean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).castTo(DataType.DOUBLE);
            INDArray storedVar = storedVariance(layer);
            assertTrue(mean.reshape(storedMean.shape()).equalsWithEps(storedMean, 1e-4), bn[0] + " mean " + mean + " vs " + storedMean);
            assertTrue(var.reshape(storedVar.shape()).equalsWithEps(storedVar, 1e-3), bn[0] + " variance " + var + " vs " + storedVar);
        }
        // The weights are untouched; only the statistics moved.
        assertEquals(before.length(), g.params().length());
        assertEquals(g.getLayer("c1").getParam("W"), bnNet().getLayer("c1").getParam("W"));
        // In batches, the first BatchNorm layer (whose input no BatchNorm touches) still gets the exact pooled statistics.
        ComputationGraph h = bnNet();
        AdaBn.adapt(h, List.of(target.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 12)),
                target.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(12, 30))).iterator());
        INDArray x = acts.get("c1").castTo(DataType.DOUBLE);
        INDArray m1 = h.getLayer("bn1").getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).castTo(DataType.DOUBLE);
        assertTrue(x.mean(0, 2, 3).reshape(m1.shape()).equalsWithEps(m1, 1e-4));
        assertTrue(x.var(false, 0, 2, 3).reshape(m1.shape()).equalsWithEps(storedVariance(h.getLayer("bn1")), 1e-3));
    }

    static INDArray storedVariance(org.deeplearning4j.nn.api.Layer layer) {
        INDArray log = layer.paramTable().get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        if (log == null) {
            return layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).castTo(DataType.DOUBLE);
        }
        return org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(log.shape(), 10.0, DataType.DOUBLE),
                log.castTo(DataType.DOUBLE).mul(2), false);
    }

    @Test
    void theDomainOutputsGetTheirFixedLabelsAndReadTheirVertices() {
        DomainOptions o = DomainOptions.defaults(3, 4).withEntropy(0.1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 6);
        ComputationGraph dann = DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, o, 3), DomainNetworks.FEATURES,
                DomainNetworks.LOGITS, DomainMethod.DANN, o, x);
        assertEquals(List.of(NetworkTransfer.HEAD_OUTPUT, DomainNetworks.DOMAIN_OUTPUT, DomainNetworks.ENTROPY_OUTPUT),
                dann.getConfiguration().getNetworkOutputs());
        assertEquals(List.of(DomainNetworks.FEATURES), dann.getConfiguration().getVertexInputs().get(DomainNetworks.GRL));
        assertEquals(List.of(DomainNetworks.LOGITS), dann.getConfiguration().getVertexInputs().get(DomainNetworks.ENTROPY_OUTPUT));
        INDArray[] labels = DomainTrainer.outputLabels(dann, DomainMethod.DANN, Nd4j.rand(DataType.FLOAT, 8, 6), 4);
        // DANN: one-hot domains, source rows first; the entropy output: the target indicator in every logit column.
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}),
                labels[0]);
        assertArrayEquals(new long[] {8, CLASSES}, labels[1].shape());
        for (int i = 0; i < 8; i++) {
            assertEquals(i < 4 ? 0.0 : CLASSES, labels[1].getRow(i).sumNumber().doubleValue(), 0.0, "row " + i);
        }
        DomainOptions plain = DomainOptions.defaults(3, 4);
        ComputationGraph coral = DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, plain, 3), DomainNetworks.FEATURES,
                DomainNetworks.LOGITS, DomainMethod.CORAL, plain, x);
        ComputationGraph mmd = DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, plain, 3), DomainNetworks.FEATURES,
                DomainNetworks.LOGITS, DomainMethod.MMD, plain, x);
        assertEquals(List.of(DomainNetworks.LOGITS), coral.getConfiguration().getVertexInputs().get(DomainNetworks.DOMAIN_OUTPUT),
                "CORAL on the logits");
        assertEquals(List.of(DomainNetworks.FEATURES), mmd.getConfiguration().getVertexInputs().get(DomainNetworks.DOMAIN_OUTPUT),
                "MMD on the features");
        assertEquals(new CoralLoss(1.0), ((org.deeplearning4j.nn.conf.layers.LossLayer) coral.getLayer(DomainNetworks.DOMAIN_OUTPUT)
                .conf().getLayer()).getLossFn());
        assertEquals(new MmdLoss(1.0), ((org.deeplearning4j.nn.conf.layers.LossLayer) mmd.getLayer(DomainNetworks.DOMAIN_OUTPUT)
                .conf().getLayer()).getLossFn());
        assertEquals(2, coral.getConfiguration().getNetworkOutputs().size(), "no entropy output at weight 0");
        assertEquals(5, DomainTrainer.outputLabels(mmd, DomainMethod.MMD, Nd4j.rand(DataType.FLOAT, 8, 6), 4)[0].size(1),
                "a batch loss's labels are shaped like the features it reads");
        // Without a logits vertex, the entropy term has nothing to read: refused.
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, o, 3), DomainNetworks.FEATURES, null,
                        DomainMethod.MMD, o, x));
        assertTrue(e.getMessage().contains("logits"), e.getMessage());
        // Baselines come back as they are.
        ComputationGraph head = DomainNetworks.head(6, 5, CLASSES, o, 3);
        assertTrue(head == DomainNetworks.attach(head, DomainNetworks.FEATURES, DomainNetworks.LOGITS, DomainMethod.ADABN, o, x));
    }

    @Test
    void conditionalMethodsReadTheFeaturesAndTheLogitsSideBySide() {
        DomainOptions o = DomainOptions.defaults(3, 4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 6);
        ComputationGraph cdan = DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, o, 3), DomainNetworks.FEATURES,
                DomainNetworks.LOGITS, DomainMethod.CDAN, o, x);
        assertEquals(List.of(DomainNetworks.FEATURES, DomainNetworks.LOGITS),
                cdan.getConfiguration().getVertexInputs().get(DomainNetworks.JOINT));
        assertEquals(List.of(DomainNetworks.CONDITIONAL_MAP), cdan.getConfiguration().getVertexInputs().get(DomainNetworks.GRL),
                "the reversal sits on the multilinear map");
        assertEquals(5L * CLASSES, ((org.deeplearning4j.nn.conf.layers.DenseLayer) cdan.getLayer(DomainNetworks.DOMAIN_HIDDEN)
                .conf().getLayer()).getNIn(), "the domain classifier reads features x classes");
        INDArray[] labels = DomainTrainer.outputLabels(cdan, DomainMethod.CDAN, Nd4j.rand(DataType.FLOAT, 8, 6), 4);
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}),
                labels[0], "CDAN's domain labels are DANN's");
        ComputationGraph jan = DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, o, 3), DomainNetworks.FEATURES,
                DomainNetworks.LOGITS, DomainMethod.JAN, o, x);
        assertEquals(List.of(DomainNetworks.JOINT), jan.getConfiguration().getVertexInputs().get(DomainNetworks.DOMAIN_OUTPUT));
        assertEquals(new JointMmdLoss(1.0, 5), ((org.deeplearning4j.nn.conf.layers.LossLayer) jan.getLayer(
                DomainNetworks.DOMAIN_OUTPUT).conf().getLayer()).getLossFn(), "JAN at MMD's trade-off, 5 feature columns");
        assertEquals(5 + CLASSES, DomainTrainer.outputLabels(jan, DomainMethod.JAN, Nd4j.rand(DataType.FLOAT, 8, 6), 4)[0].size(1));
        for (DomainMethod m : List.of(DomainMethod.CDAN, DomainMethod.JAN)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, o, 3), DomainNetworks.FEATURES, null, m, o, x));
            assertTrue(e.getMessage().contains("logits"), e.getMessage());
        }
        // Conditional methods read flat features: a convolutional vertex is refused with its shape.
        ComputationGraph conv = bnNet();
        IllegalArgumentException flatOnly = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DomainNetworks.attach(conv, "c2", DomainNetworks.LOGITS, DomainMethod.JAN, o,
                        Nd4j.rand(DataType.FLOAT, 1, 2, 6, 6)));
        assertTrue(flatOnly.getMessage().contains("flat features"), flatOnly.getMessage());
        assertEquals("JAN", DomainMethod.JAN.label());
        assertEquals("CDAN", DomainMethod.CDAN.label());
        assertTrue(DomainMethod.CDAN.readsTarget() && DomainMethod.JAN.readsTarget() && DomainMethod.ADABN.readsTarget()
                && !DomainMethod.SOURCE_ONLY.readsTarget() && !DomainMethod.ORACLE.readsTarget());
        // CDAN follows DANN's reversal schedule.
        DomainTrainer.train(cdan, DomainMethod.CDAN, data(null), o, 2, Progress.logOnly("test"));
        assertEquals(o.lambdaAt(2), ((GradientReversal) cdan.getLayer(DomainNetworks.GRL).conf().getLayer()).getLambda(), 1e-12);
        assertTrue(DomainMethod.CDAN.adversarial() && DomainMethod.CDAN.conditional() && DomainMethod.JAN.conditional()
                && !DomainMethod.JAN.adversarial() && !DomainMethod.DANN.conditional() && DomainMethod.JAN.adapts());
    }

    @Test
    void dannsReversalFollowsTheScheduleStepByStep() {
        DomainOptions o = DomainOptions.defaults(7, 4);
        ComputationGraph g = DomainNetworks.attach(DomainNetworks.head(6, 5, CLASSES, o, 3), DomainNetworks.FEATURES,
                DomainNetworks.LOGITS, DomainMethod.DANN, o, Nd4j.rand(DataType.FLOAT, 1, 6));
        DomainTrainer.train(g, DomainMethod.DANN, data(null), o, 2, Progress.logOnly("test"));
        GradientReversal grl = (GradientReversal) g.getLayer(DomainNetworks.GRL).conf().getLayer();
        assertEquals(o.lambdaAt(6), grl.getLambda(), 1e-12, "the last of 7 steps ran with lambda at step 6");
        assertEquals(7, g.getIterationCount(), "one update per step");
    }

    @ParameterizedTest
    @EnumSource(value = DomainMethod.class, names = {"DANN", "CDAN", "CORAL", "MMD", "JAN"})
    void theSplitBatchNormReadsNoTargetLabelsAndChangesTraining(DomainMethod m) {
        DomainOptions split = DomainOptions.defaults(6, 8).withSplitBatchNorm(true);
        Map<String, INDArray> a = trainedWithBatchNorm(m, split, data(labels(40, 0)));
        assertEquals(a, trainedWithBatchNorm(m, split, data(labels(40, 1))), m + ": poisoned target labels");
        assertEquals(a, trainedWithBatchNorm(m, split, data(null)), m + ": no target labels");
        assertNotEquals(a, trainedWithBatchNorm(m, split.withSplitBatchNorm(false), data(null)),
                m + ": one set of statistics for both domains trains another network");
        assertTrue(split.adaBnAfter() && !split.adaBn(), "the split implies AdaBN after training");
    }

    /** {@link #trained} over a head with a BatchNorm layer below the features. */
    static Map<String, INDArray> trainedWithBatchNorm(DomainMethod m, DomainOptions o, DomainTrainer.Data d) {
        ComputationGraph g = withHead(new NeuralNetConfiguration.Builder().seed(3).updater(o.updater())
                .graphBuilder().addInputs("in").setInputTypes(InputType.feedForward(6))
                .addLayer("d", new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "d")
                .addLayer(DomainNetworks.FEATURES, new ActivationLayer(Activation.RELU), "bn"));
        g = DomainNetworks.attach(g, DomainNetworks.FEATURES, DomainNetworks.LOGITS, m, o, d.sourceX().getRow(0, true));
        DomainTrainer.train(g, m, d, o, 4, Progress.logOnly("test"));
        return g.paramTable();
    }
}
