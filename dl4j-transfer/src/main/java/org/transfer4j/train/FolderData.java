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
import org.transfer4j.data.image.SkippedFile;

/**
 * An image folder (one sub-folder per class) read through {@link ImagePipeline}s with the model's
 * preprocessing; a stratified split saved beside the run so that it is the same split on resume.
 * Files that cannot be images are left out before the split (the screen), files that fail to decode are skipped when
 * read (or stop the run under {@link BadFilePolicy#FAIL}); both are listed with their reasons in {@link #skipped()}.
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
    private final BadFilePolicy policy;
    private final List<SkippedFile> screenedOut;

    public FolderData(Path root, DatasetSplit split, ImagePreprocessing pre, AugmentationSpec augmentation) throws IOException {
        this(root, split, pre, augmentation, BadFilePolicy.SKIP, List.of());
    }

    /** {@code screenedOut}: files left out before {@code split} was made, reported with the ones skipped when read. */
    public FolderData(Path root, DatasetSplit split, ImagePreprocessing pre, AugmentationSpec augmentation,
                      BadFilePolicy policy, List<SkippedFile> screenedOut) throws IOException {
        this.root = root;
        this.policy = policy == null ? BadFilePolicy.SKIP : policy;
        this.screenedOut = List.copyOf(screenedOut);
        this.split = split;
        this.pre = pre;
        this.augmentation = augmentation == null ? AugmentationSpec.none() : augmentation;
        this.fingerprint = fingerprint(root, split);
    }

    /**
     * The split stored in {@code splitFile} if there is one (without the files {@code usable} no longer holds), else a
     * new stratified split of {@code usable} saved there.
     */
    public static DatasetSplit splitFor(ImageFolder usable, Path splitFile, double validation, double test, long seed) throws IOException {
        if (Files.isRegularFile(splitFile)) {
            DatasetSplit saved = DatasetSplit.load(splitFile, usable.root());
            java.util.Set<String> ok = new java.util.HashSet<>();
            usable.samples().forEach(x -> ok.add(x.path()));
            return new DatasetSplit(saved.classes(), saved.seed(), saved.validationFraction(), saved.testFraction(),
                    saved.train().stream().filter(x -> ok.contains(x.path())).toList(),
                    saved.validation().stream().filter(x -> ok.contains(x.path())).toList(),
                    saved.test().stream().filter(x -> ok.contains(x.path())).toList());
        }
        DatasetSplit s = DatasetSplit.stratified(usable, validation, test, seed);
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
                    o.withPolicy(policy));
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

    /** The screened-out files, then those skipped when read so far, by path relative to the folder. */
    @Override
    public List<SkippedFile> skipped() {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
        screenedOut.forEach(f -> all.put(f.file(), f.reason()));
        java.util.List<ImagePipeline> pipes = new java.util.ArrayList<>(evaluation.values());
        if (train != null) {
            pipes.add(0, train);
        }
        for (ImagePipeline p : pipes) {
            p.skipped().forEach(f -> all.putIfAbsent(relative(f.file()), f.reason()));
        }
        return all.entrySet().stream().map(e -> new SkippedFile(e.getKey(), e.getValue())).toList();
    }

    /** The split's size without the files skipped when read so far. */
    @Override
    public int usable(Split s) {
        java.util.Set<String> bad = new java.util.HashSet<>();
        skipped().forEach(f -> bad.add(f.file()));
        return (int) samples(s).stream().filter(x -> !bad.contains(x.path())).count();
    }

    private String relative(String file) {
        try {
            return root.toAbsolutePath().relativize(Path.of(file).toAbsolutePath()).toString();
        } catch (IllegalArgumentException other) {
            return file;
        }
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
