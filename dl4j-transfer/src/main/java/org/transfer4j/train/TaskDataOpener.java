package org.transfer4j.train;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.Json;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.image.DatasetSplit;
import org.transfer4j.data.image.BadFilePolicy;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.TaskData;

/** Opens a {@link TaskData} value for a base whose input is {@code pre}: the one place data specs become batches. */
public final class TaskDataOpener {
    /** Fashion-MNIST's side. */
    static final int FASHION_SIDE = 28;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskDataOpener.class);

    private TaskDataOpener() {
    }

    /** Refuses data no classifier can be trained on (for a folder: screened, two classes with images), cheaply. */
    public static void check(TaskData data) throws IOException {
        if (data instanceof TaskData.Folder f) {
            screen(f);
        }
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
        ArrayData raw = ArrayData.of(a.classes(), splits);
        int side = greySide(a.train(), pre);
        return side == 0 ? raw : resized(raw, side, pre);
    }

    /**
     * The side of in-memory images given as flat grey rows (n x side*side, as Fashion-MNIST and MNIST come) that the
     * base does not take as they are; 0 when they are fed as they are (the base's own shape, or any other layout).
     */
    static int greySide(DataSet train, ImagePreprocessing pre) {
        INDArray x = train.getFeatures();
        if (x.rank() != 2) {
            return 0;
        }
        int side = (int) Math.round(Math.sqrt(x.size(1)));
        boolean grey = (long) side * side == x.size(1);
        boolean asIs = pre.height() == side && pre.width() == side && pre.channels() == 1;
        return grey && !asIs && side > 1 ? side : 0;
    }

    /** Each batch resized bilinearly, the grey copied to every channel and normalised as the base expects. */
    private static TrainingData resized(ArrayData raw, int side, ImagePreprocessing pre) {
        if (pre.height() != pre.width()) {
            throw new IllegalArgumentException("the images are " + side + "x" + side + " grey rows; the base expects "
                    + pre.height() + "x" + pre.width() + ": give it a square input (Transfer.inputSize) or put the images"
                    + " in a folder");
        }
        return new MappedData(raw, x -> GreyImageInput.of(x, side, pre.height(), pre), "grey " + side + "x" + side + " to "
                + Json.write(pre));
    }

    private static TrainingData folder(TaskData.Folder f, ImagePreprocessing pre, long seed) throws IOException {
        ImageFolder.Screened screened = screen(f);
        DatasetSplit s = f.splitFile() != null
                ? FolderData.splitFor(screened.usable(), f.splitFile(), f.validation(), f.test(), seed)
                : DatasetSplit.stratified(screened.usable(), f.validation(), f.test(), seed);
        return new FolderData(f.root(), s, pre, f.augmentation(), f.badFiles(), screened.rejected());
    }

    /**
     * The folder's files, those that cannot be images left out (or refused under FAIL), checked to be a classifiable
     * task: cheap (a few bytes per file), so callers run it before loading a network.
     */
    public static ImageFolder.Screened screen(TaskData.Folder f) throws IOException {
        if (!Files.isDirectory(f.root())) {
            throw new FileNotFoundException("image folder " + f.root().toAbsolutePath() + " does not exist or is not a"
                    + " directory; it must hold one sub-folder of images per class");
        }
        ImageFolder.Screened screened = ImageFolder.scan(f.root()).screen();
        if (!screened.rejected().isEmpty()) {
            if (f.badFiles() == BadFilePolicy.FAIL) {
                throw new IllegalArgumentException("image folder " + f.root() + " has " + screened.rejected().size()
                        + " unusable file(s) (bad-file policy FAIL): " + BadFiles.list(screened.rejected(), 10)
                        + "; remove them or leave them out with badFiles(SKIP)");
            }
            LOG.debug("{}: {} unusable file(s) left out of the split: {}", f.root(), screened.rejected().size(),
                    BadFiles.list(screened.rejected(), 5)); // the run's one WARN lists them with the others at its end
        }
        screened.usable().requireClassifiable();
        return screened;
    }

    /**
     * Fashion-MNIST as it is (flattened 28 x 28 grey rows in [0,1]) for a 28 x 28 grey base; for any other square
     * input, each batch resized bilinearly, the grey copied to every channel and normalised as the base expects
     * ({@link GreyImageInput}), as the pretrained study feeds its ImageNet backbones. In-memory flat grey rows
     * ({@link TaskData#arrays}) are fed the same way.
     */
    private static TrainingData fashion(TaskData.Fashion f, ImagePreprocessing pre, long seed) throws IOException {
        boolean asIs = pre.height() == FASHION_SIDE && pre.width() == FASHION_SIDE && pre.channels() == 1;
        if (!asIs && pre.height() != pre.width()) { // before loading the file
            throw new IllegalArgumentException("Fashion-MNIST images are 28x28 grey; the base expects " + pre.height() + "x"
                    + pre.width() + ": give it a square input (Transfer.inputSize) or put the images in a folder");
        }
        ArrayData raw = FashionData.target(FashionMnist.locateAndLoad(f.dataDir()), f.classArray(), f.k(),
                f.validationPerClass(), seed, f.testLimit());
        return asIs ? raw : resized(raw, FASHION_SIDE, pre);
    }
}
