package org.transfer4j.app.finetune;

import org.transfer4j.plan.TrainingListener;
import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.report.TrainingReport;
import org.transfer4j.report.ModelExport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.core.util.ModelGuesser;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.app.cli.Transfer4jCli;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.data.image.PreprocessingRecord;

/**
 * Feature extraction on ResNet50 (catalogue architecture, BatchNorm calibrated) from an image folder
 * with an unreadable file: the ComputationGraph path of the featurize cache (miss, then hit with the
 * same training), the skipped file counted, the export carrying the model's preprocessing.
 */
class FineTuneFolderIT {
    @TempDir
    Path tmp;

    static void writeImages(Path root) throws Exception {
        ColourFolders.write(root, 10, 5);
        Files.write(root.resolve("red").resolve("broken.jpg"), new byte[] {1, 2, 3, 4});
    }

    FineTuneOptions options(Path data, String out) {
        FineTuneOptions o = new FineTuneOptions();
        o.base = "architecture:ResNet50";
        o.data = data.toString();
        o.strategy = "feature-extraction";
        o.validationFraction = 0.2;
        o.testFraction = 0.2;
        o.maxEpochs = 4;
        o.batchSize = 8;
        o.learningRate = 1e-2;
        o.outputDir = tmp.resolve(out);
        o.progress = false;
        return o;
    }

    @Test
    void resnet50FeatureExtractionFromAFolderUsesTheCacheTheSecondTime() throws Exception {
        Path data = tmp.resolve("images");
        writeImages(data);
        try (CacheRootProperty cache = CacheRootProperty.set(tmp.resolve("cache"))) {
            TrainingReport first = FineTune.run(options(data, "run1"));
            assertFalse(first.featurize().cacheHit());
            assertEquals(1, first.data().skipped().size(), "broken.jpg skipped and listed: " + first.data().skipped());
            assertEquals(List.of("blue", "green", "red"), first.classes());
            assertTrue(first.baseWeightsSha256().contains("batchnorm-calibrated"), first.baseWeightsSha256());
            assertEquals(6, first.test().examples(), "20% of 10 images per class");
            // The exported model, reloaded and run on the saved split's test images, scores what the report says:
            // the featurized head and the exported whole network agree.
            Path run1 = tmp.resolve("run1");
            var model = (org.deeplearning4j.nn.graph.ComputationGraph) ModelGuesser.loadModelGuess(
                    run1.resolve("model").resolve(ModelExport.MODEL).toString());
            var split = org.transfer4j.data.image.DatasetSplit.load(run1.resolve("split.json"), data);
            try (var test = new org.transfer4j.train.FolderData(data, split,
                    PreprocessingRecord.readFrom(run1.resolve("model").resolve(ModelExport.MODEL)).preprocessing(), null)) {
                var again = org.transfer4j.train.Evaluation.of(x -> model.outputSingle(false, x),
                        test.batches(org.transfer4j.train.TrainingData.Split.TEST, 4), 3);
                assertEquals(first.test().accuracy(), again.accuracy(), 1e-9);
                assertEquals(first.test().loss(), again.loss(), 1e-4);
            }

            TrainingReport second = FineTune.run(options(data, "run2"));
            assertTrue(second.featurize().cacheHit(), "the second run reads the activations from disk");
            assertEquals(first.history().stream().map(TrainingListener.EpochInfo::trainLoss).toList(),
                    second.history().stream().map(TrainingListener.EpochInfo::trainLoss).toList());
            assertEquals(first.test().accuracy(), second.test().accuracy());

            Path zip = tmp.resolve("run1").resolve("model").resolve(ModelExport.MODEL);
            PreprocessingRecord rec = PreprocessingRecord.readFrom(zip);
            assertEquals(224, rec.preprocessing().height());
            assertEquals(ImagePreprocessing.ChannelOrder.RGB, rec.preprocessing().channelOrder());
            assertEquals(first.classes(), rec.classes());
        }
    }

    /**
     * The command a user types for a catalogue model, on the catalogue architecture here (its ImageNet
     * file cannot be downloaded): fine-tuning the last two blocks with the default BatchNorm policy, through
     * the command line. BatchNorm layers in the trained blocks train; those below stay as they were.
     */
    @Test
    void fineTuningResNet50WithTheDefaultBatchNormPolicyWorks() throws Exception {
        Path data = ColourFolders.write(tmp.resolve("photos"), 6, 9);
        Path out = tmp.resolve("ft");
        try (CacheRootProperty cache = CacheRootProperty.set(tmp.resolve("cache"))) {
            int code = Transfer4jCli.run("finetune", "--base", "architecture:ResNet50", "--strategy", "fine-tune", "--data",
                    data.toString(), "--epochs", "2", "--batch", "6", "--out", out.toString(), "--no-progress");
            assertEquals(0, code);
        }
        ComputationGraph saved = (ComputationGraph) ModelGuesser.loadModelGuess(out.resolve("model").resolve(ModelExport.MODEL).toString());
        ComputationGraph init = (ComputationGraph) Architectures.build(Catalogue.builtIn().architecture("ResNet50"), 1);
        // res5 (the last block) trains, BatchNorm included; res3 is below the two trained blocks.
        assertNotEquals(init.getLayer("bn5c_branch2a").getParam("gamma"), saved.getLayer("bn5c_branch2a").getParam("gamma"));
        assertEquals(init.getLayer("bn3a_branch2a").getParam("gamma"), saved.getLayer("bn3a_branch2a").getParam("gamma"));
        assertEquals(init.getLayer("res3a_branch2a").getParam("W"), saved.getLayer("res3a_branch2a").getParam("W"));
    }
}
