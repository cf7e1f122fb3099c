package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.plan.TaskData;
import org.transfer4j.common.Progress;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.train.PlanTrainer;

/** The typed entry point: defaults, values refused with the value quoted, hooks, and a user's iterators. */
class TransferTest {
    @TempDir
    Path tmp;

    static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void defaultsMakeAFeatureExtractionPlan() {
        TransferPlan p = Transfer.from(Base.architecture("ResNet50")).plan(4);
        assertEquals(new TransferPlan(Base.architecture("ResNet50"), new Head(4, 0, 0),
                new Strategy.FeatureExtraction(null), BatchNormPolicy.AUTO,
                new Optimizer(Optimizer.Updater.ADAM, 1e-3, 1.0, 5e-4, 1)), p);
    }

    @Test
    void settingsReachThePlan() {
        TransferPlan p = Transfer.from(Base.keras(Path.of("m.h5"))).strategy(Strategy.gradual(3)).head(128, 0.25)
                .updater(Optimizer.Updater.SGD).learningRate(0.05).learningRateDecay(0.9).weightDecay(0)
                .seed(7).batchNorm(BatchNormPolicy.REQUIRE_FROZEN).plan(2);
        assertEquals(new Strategy.Gradual(2, 2, 3, 0.1, 1.0), p.strategy());
        assertEquals(new Head(2, 128, 0.25), p.head());
        assertEquals(new Optimizer(Optimizer.Updater.SGD, 0.05, 0.9, 0, 7), p.optimizer());
        assertEquals(BatchNormPolicy.REQUIRE_FROZEN, p.batchNorm());
        assertEquals("keras:m.h5", p.base().toString());
        assertEquals(new Strategy.LastBlocks(2, 0.1, 1.0), Strategy.lastBlocks(2));
        assertEquals(new Strategy.Scratch(), Strategy.scratch());
    }

    @Test
    void badValuesAreQuoted() {
        Transfer t = Transfer.from(Base.architecture("ResNet50"));
        assertTrue(message(() -> t.learningRate(1.5)).contains("learningRate must be in (0,1), got 1.5"));
        assertTrue(message(() -> t.head(0, 1.5)).contains("dropout must be in [0,1), got 1.5"));
        assertTrue(message(() -> t.head(-3, 0)).contains("got -3"));
        assertTrue(message(() -> t.weightDecay(-1)).contains("weightDecay must be >= 0, got -1"));
        assertTrue(message(() -> t.learningRateDecay(0)).contains("got 0.0"));
        assertTrue(message(() -> Strategy.lastBlocks(0)).contains("blocks must be >= 1, got 0"));
        assertTrue(message(() -> Fit.epochs(0)).contains("epochs must be >= 1, got 0"));
        assertTrue(message(() -> Fit.epochs(3).patience(0)).contains("patience must be >= 1, got 0"));
        assertTrue(message(() -> Fit.epochs(3).batchSize(-2)).contains("batchSize must be >= 1, got -2"));
        assertTrue(message(() -> Fit.epochs(3).pauseAfter(0)).contains("pauseAfter must be >= 1, got 0"));
        assertTrue(message(() -> TaskData.folder(Path.of("x")).split(0, 0.1)).contains("got 0.0"));
        assertTrue(message(() -> TaskData.folder(Path.of("x")).split(0.5, 0.6)).contains("got 0.6"));
        assertTrue(message(() -> TaskData.fashionMnist(5)).contains("at least 2 classes, got 1"));
        assertTrue(message(() -> TaskData.fashionMnist(5, 12)).contains("0..9, got 12"));
        assertTrue(message(() -> TaskData.fashionMnist(5, 6).k(0)).contains("k must be >= 1, got 0"));
        assertTrue(message(() -> Transfer.from(null)).contains("a base is required"));
        assertTrue(message(() -> Base.parse("zoo:resnet")).contains("'zoo'"));
    }

    @Test
    void aMissingFolderIsNamed() {
        Path missing = tmp.resolve("no-photos");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Transfer.from(Base.architecture("StudyLeNet"))
                .fit(TaskData.folder(missing), Fit.epochs(1)));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("sub-folder"), e.getMessage());
    }

    /** Rows of 784 values in [0,1] for 3 classes: class c brightens band c of the image. */
    static DataSetIterator bands(int n, long seed) {
        Random rng = new Random(seed);
        List<DataSet> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 784);
            for (int p = 0; p < 784; p++) {
                int band = (p / 28) / 10; // rows 0-9, 10-19, 20-27
                x.putScalar(p, Math.min(1, rng.nextFloat() * 0.5 + (band == c ? 0.5 : 0)));
            }
            INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 3);
            y.putScalar(c, 1);
            rows.add(new DataSet(x, y));
        }
        return new ListDataSetIterator<>(rows, 10);
    }

    @Test
    void aUsersIteratorsTrainWithHooks() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        List<Double> epochs = new ArrayList<>();
        TransferResult r = Transfer.from(Base.architecture("StudyLeNet")).strategy(Strategy.lastBlocks(1)).learningRate(1e-2)
                .fit(TaskData.iterators(bands(60, 1), bands(30, 2), bands(30, 3), List.of("top", "middle", "bottom")),
                        Fit.epochs(5).patience(5).progressBar(false)
                                .listener(new TrainingListener() {
                                    @Override
                                    public void onStep(StepInfo step) {
                                        steps.incrementAndGet();
                                    }

                                    @Override
                                    public boolean onEpoch(EpochInfo epoch) {
                                        return epochs.add(epoch.validationAccuracy()) && epoch.epoch() < 3;
                                    }
                                }));
        assertEquals(3, epochs.size(), "the epoch hook stopped the run after epoch 3");
        assertEquals(3 * 6, steps.get(), "60 rows in batches of 10: 6 steps an epoch");
        assertTrue(r.report().stopReason().startsWith("pruned after epoch 3"), r.report().stopReason());
        assertEquals(List.of("top", "middle", "bottom"), r.report().classes());
        assertEquals(30, r.report().test().examples());
        assertTrue(r.network() instanceof MultiLayerNetwork);
        // The bands are plain to see; chance is 1/3.
        assertTrue(r.testAccuracy() >= 0.8, "test accuracy " + r.testAccuracy());
    }

    @Test
    void basesAndStrategiesAreTheirPlanValues() {
        assertEquals("catalogue:resnet50.imagenet", Base.catalogue("resnet50.imagenet").toString());
        assertEquals("saved:runs/a.zip", Base.saved(Path.of("runs/a.zip")).toString());
        assertEquals("tfjs:web", Base.tfjs(Path.of("web")).toString());
        assertEquals(Base.keras(Path.of("m.h5")), Base.parse("keras:m.h5"));
        assertEquals(new Strategy.FeatureExtraction("block5_pool"), Strategy.featureExtraction("block5_pool"));
        assertEquals(new Strategy.LastBlocks(3, 0.2, 0.5), Strategy.lastBlocks(3, 0.2, 0.5));
        assertEquals(new Strategy.Gradual(1, 3, 4, 0.2, 0.5), Strategy.gradual(1, 3, 4, 0.2, 0.5));
        assertTrue(message(() -> Transfer.from(Base.architecture("x")).strategy(null)).contains("strategy"));
        assertTrue(message(() -> Transfer.from(Base.architecture("x")).batchNorm(null)).contains("AUTO"));
    }

    @Test
    void minimumStepsCountTheIteratorsOwnBatchesAndARunWithoutValidationSaves() throws Exception {
        // 60 rows in the iterator's batches of 10: 6 steps an epoch, so 12 steps are 2 epochs (at Fit's 32, 6 epochs)
        TransferResult it = Transfer.from(Base.architecture("StudyLeNet")).strategy(Strategy.lastBlocks(1))
                .fit(TaskData.iterators(bands(60, 1), bands(30, 2), null, null), Fit.epochs(1).minSteps(12).batchSize(32)
                        .patience(5).progressBar(false));
        assertEquals(2, it.report().history().size());
        List<DataSet> rows = new ArrayList<>();
        bands(30, 3).forEachRemaining(rows::add);
        TransferResult arrays = Transfer.from(Base.architecture("StudyLeNet")).strategy(Strategy.lastBlocks(1))
                .fit(TaskData.arrays(DataSet.merge(rows), null, null, null), Fit.epochs(2).progressBar(false));
        assertTrue(Double.isNaN(arrays.validationAccuracy()) && Double.isNaN(arrays.testAccuracy()));
        Path out = arrays.save(tmp.resolve("no-validation"));
        assertTrue(Files.readString(out.resolve("report.md")).contains("nothing was evaluated"));
        assertTrue(org.transfer4j.report.TrainingReportWriter.summary(arrays.report()).contains("no validation split"));
    }

    @Test
    void aMinimumOfStepsRaisesTheEpochsOfSmallTrainingSets() {
        Fit f = Fit.epochs(8).batchSize(32);
        assertEquals(8, f.epochsFor(10), "no minimum: the epochs given");
        assertEquals(8 * 3L, f.stepsFor(70), "3 batches an epoch");
        f.minSteps(100);
        assertEquals(100, f.epochsFor(10), "one batch an epoch: 100 epochs for 100 steps");
        assertEquals(34, f.epochsFor(70), "3 batches an epoch: 34 epochs");
        assertEquals(8, f.epochsFor(5000), "large sets keep the epochs given");
        assertEquals(34 * 3L, f.stepsFor(70));
        assertEquals(8, f.epochsFor(0), "no training data: the epochs given (the trainer refuses it)");
        assertEquals(8, Fit.epochs(8).minSteps(0).epochsFor(10), "0 steps is no minimum");
        assertTrue(message(() -> Fit.epochs(1).minSteps(-1)).contains("got -1"));
    }

    @Test
    void fitKeepsWhatItIsGiven() {
        Path dir = tmp.resolve("ck");
        Fit f = Fit.epochs(1).patience(1).batchSize(1).checkpoints(dir).fresh(true).progressBar(false);
        assertEquals(1, f.epochs());
        assertEquals(1, f.patience(), "1 is a valid patience");
        assertEquals(1, f.batchSize(), "1 is a valid batch size");
        assertEquals(dir, f.checkpoints());
        assertTrue(f.fresh());
        assertTrue(!f.progressBar());
        Fit g = Fit.epochs(2);
        assertEquals(3, g.patience());
        assertEquals(32, g.batchSize());
        assertTrue(g.progressBar() && !g.fresh() && g.checkpoints() == null);
        assertTrue(g.hooks().progress() == null && g.hooks().listener() != null, "no listener: one that watches nothing");
        TrainingListener l = TrainingListener.onEpochs(e -> false);
        PlanTrainer.Hooks h = Fit.epochs(1).listener(l).progress(Progress.logOnly("x")).hooks();
        assertEquals(l, h.listener());
        assertTrue(h.progress() != null);
    }

    @Test
    void aPauseNeedsACheckpointToGoOnFrom() {
        String m = assertThrows(IllegalArgumentException.class, () -> Transfer.from(Base.architecture("StudyLeNet"))
                .fit(TaskData.iterators(bands(30, 1), bands(15, 2), null, List.of("t", "m", "b")),
                        Fit.epochs(3).pauseAfter(1).progressBar(false))).getMessage();
        assertTrue(m.contains("pauseAfter(1) needs checkpoints"), m);
        assertEquals(1, Fit.epochs(3).pauseAfter(1).hooks().pauseAt());
        assertEquals(Integer.MAX_VALUE, Fit.epochs(3).hooks().pauseAt(), "no pause unless asked");
    }

    @Test
    void aSavedResultHoldsModelManifestAndReport() throws Exception {
        TransferResult r = Transfer.from(Base.architecture("StudyLeNet")).strategy(Strategy.featureExtraction())
                .fit(TaskData.iterators(bands(30, 1), bands(15, 2), null, List.of("t", "m", "b")),
                        Fit.epochs(2).progressBar(false));
        assertTrue(Double.isNaN(r.testAccuracy()), "no test split");
        assertTrue(r.validationAccuracy() >= 0 && r.validationAccuracy() <= 1);
        Path out = r.save(tmp.resolve("out"));
        var manifest = org.transfer4j.common.Json.MAPPER.readTree(out.resolve("model").resolve("model.manifest.json").toFile());
        assertEquals(r.validationAccuracy(), manifest.get("metrics").get("validationAccuracy").asDouble(), 1e-12);
        assertTrue(!manifest.get("metrics").has("testAccuracy"));
        assertTrue(java.nio.file.Files.isRegularFile(out.resolve("report.md")));
        assertEquals(r.preprocessing(), org.transfer4j.data.image.PreprocessingRecord.readFrom(
                out.resolve("model").resolve("model.zip")).preprocessing());
    }
}
