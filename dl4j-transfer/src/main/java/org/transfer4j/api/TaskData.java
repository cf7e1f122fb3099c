package org.transfer4j.api;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.DatasetSplit;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.train.FashionData;
import org.transfer4j.train.FolderData;
import org.transfer4j.train.IteratorData;
import org.transfer4j.train.TrainingData;

/**
 * The labelled data of the new task: an image folder, Fashion-MNIST classes, or DL4J iterators a user
 * already has. Images are read with the base model's preprocessing (size, channels, normalisation).
 */
public abstract class TaskData {
    private TaskData() {
    }

    /** {@code root/<class>/<image>}: a seeded stratified split into train / validation / test (70 / 15 / 15 by default). */
    public static Folder folder(Path root) {
        return new Folder(root);
    }

    /** Fashion-MNIST images of {@code classes} (28 x 28 grey; for bases that take that input). */
    public static Fashion fashionMnist(int... classes) {
        return new Fashion(classes);
    }

    /**
     * A user's own DL4J iterators (for example a {@code RecordReaderDataSetIterator}); their batch size and
     * order are used as they are. {@code test} may be null.
     */
    public static TaskData iterators(DataSetIterator train, DataSetIterator validation, DataSetIterator test,
                                     List<String> classes) {
        return new Iterators(train, validation, test, classes);
    }

    /** Opens the data for a base whose preprocessing is {@code pre}; {@code seed} draws the split. */
    abstract TrainingData open(ImagePreprocessing pre, long seed) throws IOException;

    /** For reports: where the data came from. */
    abstract String describe();

    /**
     * Data already open (the strategy advisor's in-memory probe subsets); whoever opened it closes it, so the
     * {@link TrainingData} handed out here ignores close.
     */
    static TaskData opened(TrainingData td, String description) {
        return new TaskData() {
            @Override
            TrainingData open(ImagePreprocessing pre, long seed) {
                return new TrainingData() {
                    @Override
                    public List<String> classes() {
                        return td.classes();
                    }

                    @Override
                    public int size(Split split) {
                        return td.size(split);
                    }

                    @Override
                    public java.util.Iterator<org.nd4j.linalg.dataset.DataSet> trainBatches(int epoch, int batchSize, long s) {
                        return td.trainBatches(epoch, batchSize, s);
                    }

                    @Override
                    public java.util.Iterator<org.nd4j.linalg.dataset.DataSet> batches(Split split, int batchSize) {
                        return td.batches(split, batchSize);
                    }

                    @Override
                    public String fingerprint() {
                        return td.fingerprint();
                    }

                    @Override
                    public boolean augmented() {
                        return td.augmented();
                    }
                };
            }

            @Override
            String describe() {
                return description;
            }
        };
    }

    /** An image folder with one sub-folder per class. */
    public static final class Folder extends TaskData {
        private final Path root;
        private double validation = 0.15;
        private double test = 0.15;
        private Path splitFile;
        private AugmentationSpec augmentation = AugmentationSpec.none();

        Folder(Path root) {
            this.root = root;
        }

        /** Fractions of each class held out for validation and test. */
        public Folder split(double validationFraction, double testFraction) {
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validation fraction must be in (0,1), got " + validationFraction);
            }
            if (!(testFraction >= 0 && validationFraction + testFraction < 1)) {
                throw new IllegalArgumentException("test fraction must be >= 0 with validation + test < 1, got "
                        + testFraction + " (validation " + validationFraction + ")");
            }
            this.validation = validationFraction;
            this.test = testFraction;
            return this;
        }

        /** Keep the split in {@code file} (JSON): reused when it exists, written when it does not. */
        public Folder splitFile(Path file) {
            this.splitFile = file;
            return this;
        }

        /** Augment the training images ({@link AugmentationSpec#standard()}, RandAugment, ...). */
        public Folder augment(AugmentationSpec spec) {
            this.augmentation = spec == null ? AugmentationSpec.none() : spec;
            return this;
        }

        @Override
        TrainingData open(ImagePreprocessing pre, long seed) throws IOException {
            if (!Files.isDirectory(root)) {
                throw new FileNotFoundException("image folder " + root.toAbsolutePath() + " does not exist or is not a"
                        + " directory; it must hold one sub-folder of images per class");
            }
            DatasetSplit s = splitFile != null ? FolderData.splitFor(root, splitFile, validation, test, seed)
                    : DatasetSplit.stratified(ImageFolder.scan(root), validation, test, seed);
            return new FolderData(root, s, pre, augmentation);
        }

        @Override
        String describe() {
            return root.toString();
        }
    }

    /** Fashion-MNIST classes: K labelled training and some validation images per class, the test file as test split. */
    public static final class Fashion extends TaskData {
        private final int[] classes;
        private int k = 100;
        private int validationPerClass = 100;
        private int testLimit;
        private Path dataDir;

        Fashion(int[] classes) {
            if (classes.length < 2) {
                throw new IllegalArgumentException("Fashion-MNIST task needs at least 2 classes, got " + classes.length);
            }
            for (int c : classes) {
                if (c < 0 || c > 9) {
                    throw new IllegalArgumentException("Fashion-MNIST classes are 0..9, got " + c);
                }
            }
            this.classes = classes.clone();
        }

        /** Labelled training images per class (default 100). */
        public Fashion k(int perClass) {
            if (perClass < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + perClass);
            }
            this.k = perClass;
            return this;
        }

        /** Validation images per class, drawn from the training file apart from the K (default 100). */
        public Fashion validationPerClass(int perClass) {
            if (perClass < 1) {
                throw new IllegalArgumentException("validationPerClass must be >= 1, got " + perClass);
            }
            this.validationPerClass = perClass;
            return this;
        }

        /** Evaluate on the first N test images of the classes; 0 = all (default). */
        public Fashion testLimit(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("testLimit must be >= 0, got " + n);
            }
            this.testLimit = n;
            return this;
        }

        /** The directory with the IDX files (default: the lookup order in the README). */
        public Fashion dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        @Override
        TrainingData open(ImagePreprocessing pre, long seed) throws IOException {
            if (pre.height() != 28 || pre.width() != 28 || pre.channels() != 1) {
                throw new IllegalArgumentException("Fashion-MNIST task data is 28x28 grey; the base expects " + pre.height()
                        + "x" + pre.width() + "x" + pre.channels() + ": use a base with that input, or put the images in a"
                        + " folder (TaskData.folder) to have them resized");
            }
            return FashionData.target(FashionMnist.locateAndLoad(dataDir), classes, k, validationPerClass, seed, testLimit);
        }

        @Override
        String describe() {
            return "fashion-mnist classes " + java.util.Arrays.toString(classes) + " k=" + k;
        }
    }

    /** DL4J iterators as they are. */
    static final class Iterators extends TaskData {
        private final DataSetIterator train;
        private final DataSetIterator validation;
        private final DataSetIterator test;
        private final List<String> classes;

        Iterators(DataSetIterator train, DataSetIterator validation, DataSetIterator test, List<String> classes) {
            if (train == null || validation == null) {
                throw new IllegalArgumentException("train and validation iterators are required (test may be null)");
            }
            this.train = train;
            this.validation = validation;
            this.test = test;
            this.classes = classes != null ? List.copyOf(classes)
                    : train.getLabels() != null ? List.copyOf(train.getLabels())
                    : IntStream.range(0, train.totalOutcomes()).mapToObj(String::valueOf).toList();
        }

        @Override
        TrainingData open(ImagePreprocessing pre, long seed) {
            return new IteratorData(train, validation, test, classes);
        }

        @Override
        String describe() {
            return "DataSetIterator " + train.getClass().getSimpleName();
        }
    }
}
