package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.deeplearning4j.core.util.ModelGuesser;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.transfer4j.plan.TaskData;
import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.PreprocessingRecord;
import org.transfer4j.report.ModelExport;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;

/**
 * A Keras file and a TF.js model as bases with nothing but the file: the feature vertex, classifier and
 * blocks are found from the network, the images arrive in the layout the network takes (channels last),
 * the head trains on the frozen part's features, and the model is saved with that layout in its
 * preprocessing record and reloads.
 */
class FileBasesTest {
    @TempDir
    Path tmp;

    private CacheRootProperty cache;

    @BeforeEach
    void privateCache() {
        cache = CacheRootProperty.set(tmp.resolve("cache"));
    }

    @AfterEach
    void restoreCache() {
        cache.close();
    }


    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"keras, feature-extraction", "tfjs, feature-extraction",
            "keras, last-block", "tfjs, last-block"})
    void aFileAloneIsEnoughToFineTuneOnAFolder(String kind, String strategy) throws Exception {
        Path zoo = Path.of("..", "zoo-import", "src", "test", "resources");
        var base = kind.equals("keras") ? Base.keras(zoo.resolve("keras").resolve("cnn_batchnorm.h5"))
                : Base.tfjs(zoo.resolve("tfjs").resolve("cnn_batchnorm_uint8"));
        Path photos = ColourFolders.write(tmp.resolve("photos"), 30, 7);
        TransferResult r = Transfer.from(base).learningRate(1e-2)
                .strategy(strategy.equals("last-block") ? Strategy.lastBlocks(1) : Strategy.featureExtraction())
                .fit(TaskData.folder(photos), Fit.epochs(30).patience(30).batchSize(8).progressBar(false));
        assertEquals(ImagePreprocessing.Layout.NHWC, r.preprocessing().layout());
        assertEquals(8, r.preprocessing().height());
        Path out = r.save(tmp.resolve("run"));
        Path zip = out.resolve("model").resolve(ModelExport.MODEL);
        assertEquals(ImagePreprocessing.Layout.NHWC, PreprocessingRecord.readFrom(zip).preprocessing().layout());
        Model reloaded = ModelGuesser.loadModelGuess(zip.toString());
        assertEquals(r.network().numParams(), reloaded.numParams());
        // Three colours at 8 x 8 pixels through the file's convolution and BatchNorm (frozen, or trained with the last
        // block; with the file's BatchNorm decay 0.99 kept, the last block reached 0.67 here): chance is 1/3.
        assertTrue(r.testAccuracy() >= 0.8, kind + " " + strategy + " test accuracy " + r.testAccuracy());
    }
}
