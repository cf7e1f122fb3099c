package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.TaskData;
import org.transfer4j.transfer.BaseModel;

/** Task data values become batches for a base's input, and bad ones are refused naming what is wrong. */
class TaskDataOpenerTest {
    @TempDir
    Path tmp;

    static final ImagePreprocessing GREY_28 = BaseModel.defaultPreprocessing(List.of(1, 28, 28));
    static final ImagePreprocessing RGB_32_NHWC = BaseModel.defaultPreprocessing(List.of(3, 32, 32))
            .withLayout(ImagePreprocessing.Layout.NHWC);

    @Test
    void fashionMnistIsTakenAsItIsByA28x28GreyBaseAndResizedForAnother() throws Exception {
        TaskData.Fashion task = TaskData.fashionMnist(5, 6).k(3).validationPerClass(2).testLimit(8);
        try (TrainingData grey = TaskDataOpener.open(task, GREY_28, 1); TrainingData rgb = TaskDataOpener.open(task, RGB_32_NHWC, 1)) {
            assertEquals(List.of(6, 4, 8), List.of(grey.size(TrainingData.Split.TRAIN), grey.size(TrainingData.Split.VALIDATION),
                    grey.size(TrainingData.Split.TEST)));
            DataSet g = grey.batches(TrainingData.Split.TEST, 8).next();
            DataSet c = rgb.batches(TrainingData.Split.TEST, 8).next();
            assertArrayEquals(new long[] {8, 784}, g.getFeatures().shape());
            assertArrayEquals(new long[] {8, 32, 32, 3}, c.getFeatures().shape());
            assertEquals(GreyImageInput.of(g.getFeatures(), 28, 32, RGB_32_NHWC), c.getFeatures(), "resized as the study feeds its backbones");
            assertEquals(g.getLabels(), c.getLabels());
            assertNotEquals(grey.fingerprint(), rgb.fingerprint(), "another input, another featurize-cache key");
            assertEquals(List.of("Sandal", "Shirt"), rgb.classes());
        }
    }

    @Test
    void aNonSquareBaseIsRefusedForFashionMnist() {
        ImagePreprocessing wide = BaseModel.defaultPreprocessing(List.of(3, 32, 48));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskDataOpener.open(TaskData.fashionMnist(1, 2), wide, 1));
        assertTrue(e.getMessage().contains("32x48") && e.getMessage().contains("inputSize"), e.getMessage());
    }

    @Test
    void aMissingFolderIsNamedBeforeAnythingIsRead() {
        Path missing = tmp.resolve("none");
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> TaskDataOpener.open(TaskData.folder(missing), GREY_28, 1));
        assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void arraysMayLackValidationAndTest() throws Exception {
        DataSet train = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 3), Nd4j.create(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}}));
        try (TrainingData d = TaskDataOpener.open(TaskData.arrays(train, null, null, List.of("x", "y")), GREY_28, 1)) {
            assertEquals(4, d.size(TrainingData.Split.TRAIN));
            assertEquals(0, d.size(TrainingData.Split.VALIDATION));
            assertEquals(0, d.size(TrainingData.Split.TEST));
            assertTrue(!d.batches(TrainingData.Split.TEST, 2).hasNext());
            assertEquals(List.of("x", "y"), d.classes());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskData.arrays(train, null, null, List.of("x", "y", "z")));
        assertTrue(e.getMessage().contains("width 2"), e.getMessage());
    }

    @Test
    void withoutValidationTheTrainingSplitIsTheStudysKShotSample() throws Exception {
        TaskData.Fashion task = TaskData.fashionMnist(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).k(2).validationPerClass(0).testLimit(5);
        var fashion = org.transfer4j.data.fashion.FashionMnist.locateAndLoad(null);
        try (TrainingData d = TaskDataOpener.open(task, GREY_28, 3)) {
            assertEquals(0, d.size(TrainingData.Split.VALIDATION), "no validation split");
            DataSet train = d.batches(TrainingData.Split.TRAIN, 100).next();
            DataSet sample = org.transfer4j.data.fashion.KShotSampler.sample(fashion.train(), 2, 3).toDataSet();
            assertEquals(sample.getFeatures(), train.getFeatures(), "the K-shot sample the studies draw for this seed");
            assertEquals(sample.getLabels(), train.getLabels());
            assertEquals(fashion.test().limit(5).toDataSet().getFeatures(), d.batches(TrainingData.Split.TEST, 5).next().getFeatures());
        }
    }

    @Test
    void inMemoryFlatGreyRowsAreResizedForAnotherBaseAsFashionMnistIs() throws Exception {
        DataSet train = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 784), Nd4j.create(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}}));
        TaskData task = TaskData.arrays(train, null, null, List.of("x", "y"));
        try (TrainingData rgb = TaskDataOpener.open(task, RGB_32_NHWC, 1); TrainingData grey = TaskDataOpener.open(task, GREY_28, 1)) {
            assertEquals(GreyImageInput.of(train.getFeatures(), 28, 32, RGB_32_NHWC), rgb.batches(TrainingData.Split.TRAIN, 4).next()
                    .getFeatures());
            assertEquals(train.getFeatures(), grey.batches(TrainingData.Split.TRAIN, 4).next().getFeatures(), "a 28x28 grey base: as is");
        }
        assertEquals(0, TaskDataOpener.greySide(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 1), null), RGB_32_NHWC), "one value is no image");
        assertEquals(0, TaskDataOpener.greySide(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32), null), RGB_32_NHWC));
        ImagePreprocessing wide = BaseModel.defaultPreprocessing(List.of(3, 32, 48));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskDataOpener.open(task, wide, 1));
        assertTrue(e.getMessage().contains("28x28 grey rows") && e.getMessage().contains("32x48"), e.getMessage());
    }
}
