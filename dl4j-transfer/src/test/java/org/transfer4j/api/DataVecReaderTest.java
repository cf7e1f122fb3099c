package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.split.FileSplit;
import org.datavec.image.recordreader.ImageRecordReader;
import org.datavec.image.transform.ImageTransform;
import org.datavec.image.transform.RotateImageTransform;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.CompositeDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.transfer4j.plan.TaskData;
import org.transfer4j.data.image.transform.Augmentation;
import org.transfer4j.data.image.transform.HorizontalFlip;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;

/**
 * A user's own DataVec pipeline (DataVec's ImageRecordReader and iterator, one of the project's
 * transforms and one of DataVec's, ND4J's scaler) handed to the typed fine-tuning API.
 */
class DataVecReaderTest {
    @TempDir
    Path tmp;

    /** {@code n} grey 28 x 28 PNGs per class; class c has a bright horizontal band (rows 0-9, 10-19, 20-27). */
    static Path bands(Path root, int n, long seed) throws IOException {
        Random rng = new Random(seed);
        String[] names = {"top", "middle", "bottom"};
        for (int c = 0; c < 3; c++) {
            Path dir = Files.createDirectories(root.resolve(names[c]));
            for (int i = 0; i < n; i++) {
                BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int v = rng.nextInt(120) + (y / 10 == c ? 135 : 0);
                        img.getRaster().setSample(x, y, 0, v);
                    }
                }
                ImageIO.write(img, "png", dir.resolve("b" + i + ".png").toFile());
            }
        }
        return root;
    }

    static DataSetIterator iterator(Path dir, ImageTransform t) throws IOException {
        ImageRecordReader rr = new ImageRecordReader(28, 28, 1, new ParentPathLabelGenerator());
        rr.initialize(new FileSplit(dir.toFile(), new String[] {"png"}, new Random(4)), t);
        RecordReaderDataSetIterator it = new RecordReaderDataSetIterator(rr, 10, 1, 3);
        // The study's LeNet takes flat rows of 784 values in [0, 1].
        it.setPreProcessor(new CompositeDataSetPreProcessor(new ImagePreProcessingScaler(0, 1),
                ds -> ds.setFeatures(ds.getFeatures().reshape(ds.numExamples(), 784))));
        return it;
    }

    @Test
    void aUsersImageRecordReaderFineTunesThroughTheTypedApi() throws Exception {
        ImageTransform augment = Augmentation.of(new HorizontalFlip(0.5, 1), new RotateImageTransform(new Random(2), 5));
        DataSetIterator train = iterator(bands(tmp.resolve("train"), 20, 1), augment);
        DataSetIterator validation = iterator(bands(tmp.resolve("val"), 10, 2), null);
        DataSetIterator test = iterator(bands(tmp.resolve("test"), 10, 3), null);
        // DataVec sorts the class names: bottom, middle, top.
        TransferResult r = Transfer.from(Base.architecture("StudyLeNet")).strategy(Strategy.lastBlocks(1)).learningRate(1e-2)
                .fit(TaskData.iterators(train, validation, test, List.of("bottom", "middle", "top")),
                        Fit.epochs(4).patience(4).progressBar(false));
        assertEquals(30, r.report().test().examples());
        // The band is plain to see through the flips and small rotations; chance is 1/3.
        assertTrue(r.testAccuracy() >= 0.8, "test accuracy " + r.testAccuracy());
    }
}
