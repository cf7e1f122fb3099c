package org.transfer4j.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.image.AugmentationSpec;

/** The values a user writes: their words, their schedules, and the boundaries of what they accept. */
class PlanValuesTest {
    static void refused(Runnable r, String quoted) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(quoted), e.getMessage());
    }

    @Test
    void strategiesSayWhatTheyAre() {
        assertEquals("feature extraction", Strategy.featureExtraction().describe());
        assertEquals("feature extraction at block_12_add", Strategy.featureExtraction("block_12_add").describe());
        assertEquals("fine-tuning the last block", Strategy.lastBlocks(1).describe());
        assertEquals("fine-tuning the last 3 blocks", Strategy.lastBlocks(3).describe());
        assertEquals("gradual unfreezing up to 1 block", Strategy.gradual(1).describe());
        assertEquals("gradual unfreezing up to 3 blocks", Strategy.gradual(3).describe());
        assertEquals("from scratch", Strategy.scratch().describe());
        assertEquals("the base file's own freezing", Strategy.keepFileFreezing().describe());
    }

    @Test
    void onlyGradualUnfreezingHasASchedule() {
        assertEquals(-1, Strategy.featureExtraction().unfrozenBlocksAt(5));
        assertEquals(-1, Strategy.lastBlocks(2).unfrozenBlocksAt(0));
        Strategy g = Strategy.gradual(2, 3, 2, 0.1, 0.5);
        List<Integer> blocks = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
            blocks.add(g.unfrozenBlocksAt(e));
        }
        assertEquals(List.of(0, 0, 1, 1, 1, 2, 2, 2, 2, 2), blocks, "head 2 epochs, one block every 3, up to 2");
        assertEquals(new Strategy.LastBlocks(1, 0.1, 0.5), ((Strategy.Gradual) g).rates(0), "at least one block's rates");
        assertEquals(new Strategy.LastBlocks(2, 0.1, 0.5), ((Strategy.Gradual) g).rates(2));
    }

    @Test
    void strategyBoundariesAreAcceptedAndWhatLiesBeyondIsRefused() {
        new Strategy.LastBlocks(1, 1.0, 1.0);
        refused(() -> new Strategy.LastBlocks(0, 0.1, 1), "got 0");
        refused(() -> new Strategy.LastBlocks(1, 0, 1), "backboneRateFactor");
        refused(() -> new Strategy.LastBlocks(1, 1.01, 1), "backboneRateFactor");
        refused(() -> new Strategy.LastBlocks(1, 0.1, 0), "perBlockDecay");
        refused(() -> new Strategy.LastBlocks(1, 0.1, 1.01), "perBlockDecay");
        new Strategy.Gradual(1, 1, 1, 1.0, 1.0);
        refused(() -> new Strategy.Gradual(0, 1, 1, 0.1, 1), "headEpochs");
        refused(() -> new Strategy.Gradual(1, 0, 1, 0.1, 1), "everyEpochs");
        refused(() -> new Strategy.Gradual(1, 1, 0, 0.1, 1), "maxBlocks");
        refused(() -> new Strategy.Gradual(1, 1, 1, 2, 1), "backboneRateFactor");
        new Strategy.KeepFileFreezing(List.of("a"), 1.0);
        refused(() -> new Strategy.KeepFileFreezing(null, 0), "got 0");
        refused(() -> new Strategy.KeepFileFreezing(null, 1.5), "got 1.5");
        refused(() -> new Strategy.KeepFileFreezing(List.of(), 0.1), "marks no layer frozen");
    }

    @Test
    void headAndOptimizerBoundaries() {
        new Head(2, 0, 0);
        new Head(2, 1, 0.99);
        refused(() -> new Head(1, 0, 0), "numClasses must be >= 2, got 1");
        refused(() -> new Head(2, -1, 0), "got -1");
        refused(() -> new Head(2, 0, 1), "got 1.0");
        refused(() -> new Head(2, 0, -0.1), "got -0.1");
        Optimizer o = new Optimizer(Optimizer.Updater.ADAM, 1e-3, 1.0, 0, 1);
        refused(() -> new Optimizer(Optimizer.Updater.ADAM, 1e-3, 0, 0, 1), "lrDecayPerEpoch");
        refused(() -> new Optimizer(Optimizer.Updater.ADAM, 1e-3, 1.01, 0, 1), "lrDecayPerEpoch");
        refused(() -> new Optimizer(Optimizer.Updater.ADAM, 0, 1, 0, 1), "learningRate");
        refused(() -> new Optimizer(Optimizer.Updater.ADAM, 1, 1, 0, 1), "learningRate");
        refused(() -> new Optimizer(Optimizer.Updater.ADAM, 1e-3, 1, -1e-9, 1), "weightDecay");
        refused(() -> new Optimizer(null, 1e-3, 1, 0, 1), "ADAM");
        assertEquals(new Optimizer(Optimizer.Updater.ADAM, 2e-3, 1.0, 0, 1), o.withLearningRate(2e-3));
        assertEquals(new Optimizer(Optimizer.Updater.SGD, 1e-3, 1.0, 0, 1), o.withUpdater(Optimizer.Updater.SGD));
        assertEquals(new Optimizer(Optimizer.Updater.ADAM, 1e-3, 0.5, 0, 1), o.withDecayPerEpoch(0.5));
        assertEquals(new Optimizer(Optimizer.Updater.ADAM, 1e-3, 1.0, 5e-4, 1), o.withWeightDecay(5e-4));
        assertEquals(new Optimizer(Optimizer.Updater.ADAM, 1e-3, 1.0, 0, 9), o.withSeed(9));
        TransferPlan p = new TransferPlan(new Head(2, 0, 0), Strategy.scratch(), BatchNormPolicy.AUTO, o);
        assertEquals(Strategy.lastBlocks(1), p.withStrategy(Strategy.lastBlocks(1)).strategy());
        assertEquals(p.head(), p.withStrategy(Strategy.lastBlocks(1)).head());
    }

    @Test
    void basesParseTheirKindAndRefuseAMissingOne() {
        assertEquals(Base.catalogue("a"), Base.parse("catalogue:a"));
        assertEquals(Base.architecture("b"), Base.parse(" ARCHITECTURE : b "));
        refused(() -> Base.parse(":x"), "kind:ref");
        refused(() -> Base.parse("x"), "kind:ref");
        refused(() -> Base.parse(null), "kind:ref");
        refused(() -> Base.parse("catalogue: "), "a kind and a reference");
    }

    @Test
    void folderDataSplitsWithinBoundsAndKeepsWhatItIsGiven() {
        Path root = Path.of("photos");
        TaskData.Folder f = TaskData.folder(root);
        assertEquals(new TaskData.Folder(root, 0.15, 0.15, null, AugmentationSpec.none(), org.transfer4j.data.image.BadFilePolicy.SKIP), f);
        assertEquals(0.5, f.split(0.5, 0).validation());
        assertEquals(0.0, f.split(0.5, 0).test());
        assertEquals(Path.of("s.json"), f.splitFile(Path.of("s.json")).splitFile());
        assertEquals(AugmentationSpec.standard(), f.augment(AugmentationSpec.standard()).augmentation());
        assertEquals(AugmentationSpec.none(), f.augment(null).augmentation());
        assertEquals(org.transfer4j.data.image.BadFilePolicy.FAIL, f.badFiles(org.transfer4j.data.image.BadFilePolicy.FAIL)
                .augment(AugmentationSpec.standard()).split(0.2, 0.1).splitFile(Path.of("s.json")).badFiles());
        assertEquals(org.transfer4j.data.image.BadFilePolicy.SKIP, f.badFiles(null).badFiles());
        assertEquals("photos", f.describe());
        refused(() -> f.split(0, 0.1), "got 0.0");
        refused(() -> f.split(1, 0), "got 1.0");
        refused(() -> f.split(0.5, 0.5), "got 0.5");
        refused(() -> f.split(0.5, -0.1), "got -0.1");
        refused(() -> TaskData.folder(null), "image folder");
    }

    @Test
    void fashionTasksKeepTheirSettingsWithinBounds() {
        TaskData.Fashion t = TaskData.fashionMnist(5, 6).k(1).validationPerClass(1).testLimit(0).dataDir(Path.of("d"));
        assertEquals(new TaskData.Fashion(List.of(5, 6), 1, 1, 0, Path.of("d")), t);
        assertEquals("fashion-mnist classes [5, 6] k=1", t.describe());
        assertEquals(List.of(5, 6), java.util.Arrays.stream(t.classArray()).boxed().toList());
        refused(() -> TaskData.fashionMnist(5, 5), "must differ");
        refused(() -> TaskData.fashionMnist(5, 10), "0..9, got 10");
        refused(() -> TaskData.fashionMnist(-1, 5), "0..9, got -1");
        refused(() -> t.validationPerClass(-1), "got -1");
        assertEquals(0, t.validationPerClass(0).validationPerClass(), "no validation split: a fixed schedule");
        refused(() -> t.testLimit(-1), "got -1");
        refused(() -> t.k(0), "got 0");
        refused(() -> TaskData.fashionMnist((int[]) null), "got 0");
    }

    @Test
    void inMemoryDataNamesItsClassesAndSaysWhatItIs() {
        DataSet train = new DataSet(Nd4j.rand(3, 2), Nd4j.create(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
        TaskData a = TaskData.arrays(train, null, null, null);
        assertEquals(List.of("0", "1", "2"), ((TaskData.Arrays) a).classes());
        assertEquals("arrays of 3 training examples", a.describe());
        refused(() -> TaskData.arrays(null, null, null, null), "training DataSet");
        var it = new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(train.asList(), 2);
        TaskData i = TaskData.iterators(it, it, null, List.of("x", "y", "z"));
        assertEquals("DataSetIterator ListDataSetIterator", i.describe());
        refused(() -> TaskData.iterators(it, null, null, null), "validation iterators are required");
        refused(() -> TaskData.iterators(null, it, null, null), "train and validation");
    }

    @Test
    void listenersMadeFromLambdasForwardWhatTheyAreGiven() {
        List<Object> seen = new ArrayList<>();
        TrainingListener steps = TrainingListener.onSteps(seen::add);
        TrainingListener.StepInfo s = new TrainingListener.StepInfo(1, 2, 0.5);
        TrainingListener.EpochInfo e = new TrainingListener.EpochInfo(1, -1, 3, 0.5, 0.9, 0.3, 1.0, List.of("head_output"));
        steps.onStep(s);
        assertTrue(steps.onEpoch(e), "a step listener lets every epoch go on");
        assertEquals(List.of(s), seen);
        assertFalse(TrainingListener.onEpochs(x -> x.validationAccuracy() > 0.95).onEpoch(e));
        assertTrue(TrainingListener.onEpochs(x -> x.validationAccuracy() > 0.5).onEpoch(e));
        assertEquals(List.of(), new TrainingListener.EpochInfo(1, -1, 3, 0.5, 0.9, 0.3, 1.0, null).trainedLayers(),
                "a checkpoint written before the field existed reads back");
    }
}
