package org.transfer4j.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.BadFilePolicy;

/**
 * The task's labelled data, as a value: where it is and how it is split. The engine opens it for a base (resized
 * and normalised as the base expects) when a run starts; nothing is read before.
 *
 * <pre>{@code
 * TaskData.folder(Path.of("photos")).split(0.15, 0.15)        // photos/<class>/<image>, seeded stratified split
 * TaskData.folder(Path.of("photos")).badFiles(BadFilePolicy.FAIL) // refuse a folder with unusable files
 * TaskData.fashionMnist(5, 6, 7, 8, 9).k(100)                  // K labelled Fashion-MNIST images a class
 * TaskData.iterators(train, validation, test, classes)         // a user's own DL4J iterators, as they are
 * TaskData.arrays(train, validation, test, classes)            // in-memory DataSets (features, one-hot labels)
 * }</pre>
 */
public sealed interface TaskData permits TaskData.Folder, TaskData.Fashion, TaskData.Iterators, TaskData.Arrays {

    /** {@code root/<class>/<image>}: a seeded stratified split into train / validation / test (70 / 15 / 15 by default). */
    static Folder folder(Path root) {
        if (root == null) {
            throw new IllegalArgumentException("an image folder is required, e.g. TaskData.folder(Path.of(\"photos\"))");
        }
        return new Folder(root, 0.15, 0.15, null, AugmentationSpec.none(), BadFilePolicy.SKIP);
    }

    /**
     * Fashion-MNIST images of {@code classes}: K labelled training and some validation images per class, the test
     * file as test split. For a base with another square input the 28 x 28 grey images are resized bilinearly, copied
     * to every channel and normalised as the base expects; a base with a non-square input is refused.
     */
    static Fashion fashionMnist(int... classes) {
        return new Fashion(classes == null ? List.of() : IntStream.of(classes).boxed().toList(), 100, 100, 0, null);
    }

    /**
     * A user's own DL4J iterators (for example a {@code RecordReaderDataSetIterator}); their batch size and
     * order are used as they are, and their features must already be what the base takes. {@code test} may be null.
     */
    static TaskData iterators(DataSetIterator train, DataSetIterator validation, DataSetIterator test, List<String> classes) {
        return new Iterators(train, validation, test, classes);
    }

    /**
     * Data in memory: features as the base takes them and one-hot labels. Training batches are drawn in a seeded
     * shuffle per epoch at {@code Fit.batchSize}; {@code validation} and {@code test} may be null (without
     * validation every epoch runs and the last is kept).
     */
    static TaskData arrays(DataSet train, DataSet validation, DataSet test, List<String> classes) {
        return new Arrays(train, validation, test, classes);
    }

    /** For reports: where the data came from. */
    String describe();

    /** An image folder with one sub-folder per class. */
    record Folder(Path root, double validation, double test, Path splitFile, AugmentationSpec augmentation,
                  BadFilePolicy badFiles) implements TaskData {
        public Folder {
            if (root == null) {
                throw new IllegalArgumentException("an image folder is required");
            }
            if (!(validation > 0 && validation < 1)) {
                throw new IllegalArgumentException("validation fraction must be in (0,1), got " + validation);
            }
            if (!(test >= 0 && validation + test < 1)) {
                throw new IllegalArgumentException("test fraction must be >= 0 with validation + test < 1, got "
                        + test + " (validation " + validation + ")");
            }
            augmentation = augmentation == null ? AugmentationSpec.none() : augmentation;
            badFiles = badFiles == null ? BadFilePolicy.SKIP : badFiles;
        }

        /** Fractions of each class held out for validation and test. */
        public Folder split(double validationFraction, double testFraction) {
            return new Folder(root, validationFraction, testFraction, splitFile, augmentation, badFiles);
        }

        /** Keep the split in {@code file} (JSON): reused when it exists, written when it does not. */
        public Folder splitFile(Path file) {
            return new Folder(root, validation, test, file, augmentation, badFiles);
        }

        /** Augment the training images ({@link AugmentationSpec#standard()}, RandAugment, ...). */
        public Folder augment(AugmentationSpec spec) {
            return new Folder(root, validation, test, splitFile, spec, badFiles);
        }

        /**
         * What to do with files that are no usable image (empty, not an image, corrupt, too small or large):
         * {@link BadFilePolicy#SKIP} (the default) leaves them out of the split and the counts, lists each with its
         * reason in the result's report and logs one WARN; {@link BadFilePolicy#FAIL} refuses the folder naming them,
         * before any network loads (files that only fail to decode stop the run when they are read).
         */
        public Folder badFiles(BadFilePolicy policy) {
            return new Folder(root, validation, test, splitFile, augmentation, policy);
        }

        @Override
        public String describe() {
            return root.toString();
        }
    }

    /** Fashion-MNIST classes: K labelled training and some validation images per class, the test file as test split. */
    record Fashion(List<Integer> classes, int k, int validationPerClass, int testLimit, Path dataDir) implements TaskData {
        public Fashion {
            if (classes == null || classes.size() < 2) {
                throw new IllegalArgumentException("Fashion-MNIST task needs at least 2 classes, got "
                        + (classes == null ? 0 : classes.size()));
            }
            for (int c : classes) {
                if (c < 0 || c > 9) {
                    throw new IllegalArgumentException("Fashion-MNIST classes are 0..9, got " + c);
                }
            }
            if (classes.stream().distinct().count() != classes.size()) {
                throw new IllegalArgumentException("Fashion-MNIST classes must differ, got " + classes);
            }
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
            if (validationPerClass < 0) {
                throw new IllegalArgumentException("validationPerClass must be >= 0, got " + validationPerClass);
            }
            if (testLimit < 0) {
                throw new IllegalArgumentException("testLimit must be >= 0, got " + testLimit);
            }
            classes = List.copyOf(classes);
        }

        /** Labelled training images per class (default 100). */
        public Fashion k(int perClass) {
            return new Fashion(classes, perClass, validationPerClass, testLimit, dataDir);
        }

        /**
         * Validation images per class, drawn from the training file apart from the K (default 100); 0: no validation
         * split, so training runs its fixed number of epochs and the result is the last epoch's (as the studies run).
         */
        public Fashion validationPerClass(int perClass) {
            return new Fashion(classes, k, perClass, testLimit, dataDir);
        }

        /** Evaluate on the first N test images of the classes; 0 = all (default). */
        public Fashion testLimit(int n) {
            return new Fashion(classes, k, validationPerClass, n, dataDir);
        }

        /** The directory with the IDX files (default: the lookup order in the README). */
        public Fashion dataDir(Path dir) {
            return new Fashion(classes, k, validationPerClass, testLimit, dir);
        }

        public int[] classArray() {
            return classes.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public String describe() {
            return "fashion-mnist classes " + classes + " k=" + k;
        }
    }

    /** DL4J iterators as they are. */
    record Iterators(DataSetIterator train, DataSetIterator validation, DataSetIterator test, List<String> classes)
            implements TaskData {
        public Iterators {
            if (train == null || validation == null) {
                throw new IllegalArgumentException("train and validation iterators are required (test may be null)");
            }
            classes = classes != null ? List.copyOf(classes)
                    : train.getLabels() != null ? List.copyOf(train.getLabels())
                    : IntStream.range(0, train.totalOutcomes()).mapToObj(String::valueOf).toList();
        }

        @Override
        public String describe() {
            return "DataSetIterator " + train.getClass().getSimpleName();
        }
    }

    /** Splits held in memory. */
    record Arrays(DataSet train, DataSet validation, DataSet test, List<String> classes) implements TaskData {
        public Arrays {
            if (train == null || train.numExamples() == 0) {
                throw new IllegalArgumentException("a training DataSet with at least one example is required");
            }
            int numClasses = (int) train.getLabels().size(1);
            classes = classes != null ? List.copyOf(classes) : IntStream.range(0, numClasses).mapToObj(String::valueOf).toList();
            if (classes.size() != numClasses) {
                throw new IllegalArgumentException(classes.size() + " class names " + classes + " for one-hot labels of width "
                        + numClasses);
            }
        }

        @Override
        public String describe() {
            return "arrays of " + train.numExamples() + " training examples";
        }
    }
}
