package org.transfer4j.data.fashion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.transfer4j.common.Sha256;

/** Fashion-MNIST: 60,000 training and 10,000 test images of 28x28 grey clothing, 10 classes. */
public record FashionMnist(LabelledImages train, LabelledImages test, Path directory, String fingerprint) {

    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Finds the data with {@link FashionMnistLocator#defaults(Path)} and loads it. */
    public static FashionMnist locateAndLoad(Path explicitDirOrNull) throws IOException {
        return load(FashionMnistLocator.defaults(explicitDirOrNull).locate());
    }

    /** Loads the four IDX files from {@code dir} (each as {@code name} or {@code name.gz}). */
    public static FashionMnist load(Path dir) throws IOException {
        Idx.Images trainImages = Idx.readImages(FashionMnistLocator.fileIn(dir, FashionMnistLocator.TRAIN_IMAGES));
        byte[] trainLabels = Idx.readLabels(FashionMnistLocator.fileIn(dir, FashionMnistLocator.TRAIN_LABELS));
        Idx.Images testImages = Idx.readImages(FashionMnistLocator.fileIn(dir, FashionMnistLocator.TEST_IMAGES));
        byte[] testLabels = Idx.readLabels(FashionMnistLocator.fileIn(dir, FashionMnistLocator.TEST_LABELS));
        checkPair(dir, FashionMnistLocator.TRAIN_IMAGES, trainImages, FashionMnistLocator.TRAIN_LABELS, trainLabels);
        checkPair(dir, FashionMnistLocator.TEST_IMAGES, testImages, FashionMnistLocator.TEST_LABELS, testLabels);
        if (trainImages.rows() != testImages.rows() || trainImages.cols() != testImages.cols()) {
            throw new IdxFormatException(dir, "train images are " + trainImages.rows() + "x" + trainImages.cols()
                    + " but test images are " + testImages.rows() + "x" + testImages.cols());
        }
        // Content fingerprint: identifies the data in manifests and caches whatever its compression.
        String fingerprint = Sha256.of((Sha256.of(trainImages.pixels()) + Sha256.of(trainLabels)
                + Sha256.of(testImages.pixels()) + Sha256.of(testLabels)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return new FashionMnist(LabelledImages.whole(SplitKind.TRAIN, trainImages, trainLabels),
                LabelledImages.whole(SplitKind.TEST, testImages, testLabels), dir, fingerprint);
    }

    private static void checkPair(Path dir, String imagesName, Idx.Images images, String labelsName, byte[] labels)
            throws IdxFormatException {
        if (images.count() != labels.length) {
            throw new IdxFormatException(dir.resolve(labelsName), "has " + labels.length + " labels but "
                    + imagesName + " has " + images.count() + " images; the two files do not belong together");
        }
    }

    public static String className(int classId) {
        return CLASS_NAMES.get(classId);
    }
}
