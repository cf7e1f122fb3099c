package org.transfer4j.train;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;

import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.Json;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.image.DatasetSplit;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.TaskData;

/** Opens a {@link TaskData} value for a base whose input is {@code pre}: the one place data specs become batches. */
public final class TaskDataOpener {
    /** Fashion-MNIST's side. */
    static final int FASHION_SIDE = 28;

    private TaskDataOpener() {
    }

    /** The data, read with the base's preprocessing; {@code seed} draws the split and samples. */
    public static TrainingData open(TaskData data, ImagePreprocessing pre, long seed) throws IOException {
        if (data instanceof TaskData.Folder f) {
            return folder(f, pre, seed);
        }
        if (data instanceof TaskData.Fashion f) {
            return fashion(f, pre, seed);
        }
        if (data instanceof TaskData.Iterators i) {
            return new IteratorData(i.train(), i.validation(), i.test(), i.classes());
        }
        TaskData.Arrays a = (TaskData.Arrays) data;
        Map<TrainingData.Split, DataSet> splits = new EnumMap<>(TrainingData.Split.class);
        splits.put(TrainingData.Split.TRAIN, a.train());
        if (a.validation() != null) {
            splits.put(TrainingData.Split.VALIDATION, a.validation());
        }
        if (a.test() != null) {
            splits.put(TrainingData.Split.TEST, a.test());
        }
        return ArrayData.of(a.classes(), splits);
    }

    private static TrainingData folder(TaskData.Folder f, ImagePreprocessing pre, long seed) throws IOException {
        if (!Files.isDirectory(f.root())) {
            throw new FileNotFoundException("image folder " + f.root().toAbsolutePath() + " does not exist or is not a"
                    + " directory; it must hold one sub-folder of images per class");
        }
        DatasetSplit s = f.splitFile() != null ? FolderData.splitFor(f.root(), f.splitFile(), f.validation(), f.test(), seed)
                : DatasetSplit.stratified(ImageFolder.scan(f.root()), f.validation(), f.test(), seed);
        return new FolderData(f.root(), s, pre, f.augmentation());
    }

    /**
     * Fashion-MNIST as it is (flattened 28 x 28 grey rows in [0,1]) for a 28 x 28 grey base; for any other square
     * input, each batch resized bilinearly, the grey copied to every channel and normalised as the base expects
     * ({@link GreyImageInput}), as the pretrained study feeds its ImageNet backbones.
     */
    private static TrainingData fashion(TaskData.Fashion f, ImagePreprocessing pre, long seed) throws IOException {
        boolean asIs = pre.height() == FASHION_SIDE && pre.width() == FASHION_SIDE && pre.channels() == 1;
        if (!asIs && pre.height() != pre.width()) {
            throw new IllegalArgumentException("Fashion-MNIST images are square; the base expects " + pre.height() + "x"
                    + pre.width() + ": give it a square input (Transfer.inputSize) or put the images in a folder");
        }
        ArrayData raw = FashionData.target(FashionMnist.locateAndLoad(f.dataDir()), f.classArray(), f.k(),
                f.validationPerClass(), seed, f.testLimit());
        if (asIs) {
            return raw;
        }
        int size = pre.height();
        return new MappedData(raw, x -> GreyImageInput.of(x, FASHION_SIDE, size, pre), "grey 28x28 to " + Json.write(pre));
    }
}
