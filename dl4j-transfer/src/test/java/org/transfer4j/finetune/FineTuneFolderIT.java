package org.transfer4j.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.PreprocessingRecord;
import org.transfer4j.train.TrainerState;

/**
 * Feature extraction on ResNet50 (catalogue architecture, BatchNorm calibrated) from an image folder
 * with an unreadable file: the ComputationGraph path of the featurize cache (miss, then hit with the
 * same training), the skipped file counted, the export carrying the model's preprocessing.
 */
class FineTuneFolderIT {
    @TempDir
    Path tmp;

    static void writeImages(Path root) throws Exception {
        Random rng = new Random(5);
        int[][] colours = {{200, 40, 40}, {40, 200, 40}, {40, 40, 200}};
        String[] classes = {"red", "green", "blue"};
        for (int c = 0; c < 3; c++) {
            Path dir = Files.createDirectories(root.resolve(classes[c]));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 64; x++) {
                        int[] rgb = new int[3];
                        for (int k = 0; k < 3; k++) {
                            rgb[k] = Math.max(0, Math.min(255, colours[c][k] + (int) (rng.nextGaussian() * 40)));
                        }
                        img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                    }
                }
                ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
            }
        }
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
            assertEquals(1, first.data().skippedFiles(), "broken.jpg skipped and counted");
            assertEquals(List.of("blue", "green", "red"), first.classes());
            assertTrue(first.baseWeightsSha256().contains("batchnorm-calibrated"), first.baseWeightsSha256());
            assertTrue(first.test().accuracy() >= 0 && first.test().examples() > 0);

            TrainingReport second = FineTune.run(options(data, "run2"));
            assertTrue(second.featurize().cacheHit(), "the second run reads the activations from disk");
            assertEquals(first.history().stream().map(TrainerState.Epoch::trainLoss).toList(),
                    second.history().stream().map(TrainerState.Epoch::trainLoss).toList());
            assertEquals(first.test().accuracy(), second.test().accuracy());

            Path zip = tmp.resolve("run1").resolve("model").resolve(ModelExport.MODEL);
            PreprocessingRecord rec = PreprocessingRecord.readFrom(zip);
            assertEquals(224, rec.preprocessing().height());
            assertEquals(ImagePreprocessing.ChannelOrder.RGB, rec.preprocessing().channelOrder());
            assertEquals(first.classes(), rec.classes());
        }
    }
}
