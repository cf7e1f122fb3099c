package org.transfer4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.Sha256;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.BadFilePolicy;
import org.transfer4j.data.image.DatasetSplit;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePipeline;
import org.transfer4j.data.image.ImagePreprocessing;

/**
 * An image folder (one sub-folder per class) read through {@link ImagePipeline}s with the model's
 * preprocessing; a stratified split saved beside the run so that it is the same split on resume.
 * Unreadable files are skipped and counted.
 */
public final class FolderData implements TrainingData {
    private final DatasetSplit split;
    private final Path root;
    private final ImagePreprocessing pre;
    private final AugmentationSpec augmentation;
    private final Map<Split, ImagePipeline> evaluation = new EnumMap<>(Split.class);
    private ImagePipeline train;
    private long trainSeed;
    private final String fingerprint;

    public FolderData(Path root, DatasetSplit split, ImagePreprocessing pre, AugmentationSpec augmentation) throws IOException {
        this.root = root;
        this.split = split;
        this.pre = pre;
        this.augmentation = augmentation == null ? AugmentationSpec.none() : augmentation;
        this.fingerprint = fingerprint(root, split);
    }

    /** The split stored in {@code splitFile} if there is one, else a new stratified split saved there. */
    public static DatasetSplit splitFor(Path root, Path splitFile, double validation, double test, long seed) throws IOException {
        if (Files.isRegularFile(splitFile)) {
            return DatasetSplit.load(splitFile, root);
        }
        DatasetSplit s = DatasetSplit.stratified(ImageFolder.scan(root), validation, test, seed);
        s.save(splitFile);
        return s;
    }

    /** Relative path, size and modification time of every file, in split order. */
    private static String fingerprint(Path root, DatasetSplit split) throws IOException {
        StringBuilder b = new StringBuilder(String.join(",", split.classes())).append('\n');
        for (var part : List.of(split.train(), split.validation(), split.test())) {
            b.append(entries(root, part)).append("--\n");
        }
        return Sha256.of(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String entries(Path root, List<ImageFolder.Sample> part) throws IOException {
        StringBuilder b = new StringBuilder();
        for (ImageFolder.Sample s : part) {
            Path f = root.resolve(s.path());
            b.append(s.path()).append(' ').append(s.label()).append(' ').append(Files.size(f)).append(' ')
                    .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
        return b.toString();
    }

    /** The classes and the split's own files (path, label, size, time): shared by another split of the same files. */
    @Override
    public String fingerprint(Split s) {
        try {
            return Sha256.of((String.join(",", split.classes()) + "\n" + entries(root, samples(s)))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<ImageFolder.Sample> samples(Split s) {
        return switch (s) {
            case TRAIN -> split.train();
            case VALIDATION -> split.validation();
            case TEST -> split.test();
        };
    }

    @Override
    public List<String> classes() {
        return split.classes();
    }

    @Override
    public int size(Split s) {
        return samples(s).size();
    }

    @Override
    public Iterator<DataSet> trainBatches(int epoch, int batchSize, long seed) {
        if (train == null || train.batch() != batchSize || trainSeed != seed) {
            if (train != null) {
                train.close();
            }
            train = pipeline(Split.TRAIN, augmentation, ImagePipeline.Options.training(batchSize, seed));
            trainSeed = seed;
        }
        train.seekEpoch(epoch);
        return train;
    }

    @Override
    public Iterator<DataSet> batches(Split s, int batchSize) {
        if (samples(s).isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        ImagePipeline p = evaluation.get(s);
        if (p == null || p.batch() != batchSize) {
            if (p != null) {
                p.close();
            }
            p = pipeline(s, AugmentationSpec.none(), ImagePipeline.Options.evaluation(batchSize));
            evaluation.put(s, p);
        }
        p.seekEpoch(0);
        return p;
    }

    private ImagePipeline pipeline(Split s, AugmentationSpec aug, ImagePipeline.Options o) {
        try {
            return ImagePipeline.of(ImageFolder.inputSplit(root, samples(s)), split.classes(), pre, aug,
                    o.withPolicy(BadFilePolicy.SKIP));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean augmented() {
        return !augmentation.isNone();
    }

    @Override
    public int skippedFiles() {
        java.util.Set<String> all = new java.util.HashSet<>();
        if (train != null) {
            train.skipped().forEach(f -> all.add(f.file()));
        }
        evaluation.values().forEach(p -> p.skipped().forEach(f -> all.add(f.file())));
        return all.size();
    }

    @Override
    public void close() {
        if (train != null) {
            train.close();
            train = null;
        }
        evaluation.values().forEach(ImagePipeline::close);
        evaluation.clear();
    }
}
