package org.transfer4j.train;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.Sha256;

/**
 * Activations of a network's frozen part, computed once per split and stored on disk under
 * {@code <cache root>/featurize/<split key>/}; a split's key hashes the frozen part's key (the weights' SHA-256,
 * the frozen boundary, the preprocessing) and that split's fingerprint, so any change to one of them misses. Later
 * runs of the same plan, sweep candidates sharing the boundary, and runs on other data that shares a split (the
 * same test images under another K-shot sample, the advisor's probes on one validation set) read the files instead
 * of running the backbone. Augmented data is never cached: its activations change every epoch.
 */
public final class FeaturizeCache {
    private final Path root;

    /** The outcome: the featurized data, whether it came from disk, and the time it took. */
    public record Result(ArrayData data, boolean hit, double seconds, String key) {
    }

    public FeaturizeCache(Path root) {
        this.root = root;
    }

    public static FeaturizeCache standard() {
        return new FeaturizeCache(CacheRoot.resolve("featurize"));
    }

    /**
     * Raised when what is stored under a key changes, so older entries are not read as the new kind. 2: a graph's
     * activations come from the frozen part alone ({@code GraphCut.below}); under 1, DL4J's helper could store the
     * activations of one of several boundary vertices under a merge's name (InceptionV3's mixed2 held 64 of its 288
     * channels), and a later run read them back.
     */
    static final int FORMAT = 3; // 3: one key per split (the split's own fingerprint), not per task

    public static String key(String weightsSha256, String frozenBoundary, String preprocessing, String dataFingerprint) {
        return Sha256.of(("format=" + FORMAT + "\nweights=" + weightsSha256 + "\nboundary=" + frozenBoundary + "\npreprocessing=" + preprocessing
                + "\ndata=" + dataFingerprint).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /** The key of a frozen part (weights, boundary, preprocessing), which {@link #get} combines with each split's. */
    public static String key(String weightsSha256, String frozenBoundary, String preprocessing) {
        return key(weightsSha256, frozenBoundary, preprocessing, "per split");
    }

    /** Where the activations of {@code split} of {@code raw} are kept under the frozen part's {@code key}. */
    static String splitKey(String key, TrainingData raw, TrainingData.Split split) {
        return Sha256.of(("format=" + FORMAT + "\nfrozen=" + key + "\nsplit=" + raw.fingerprint(split))
                .getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /**
     * The featurized splits for {@code key}: read from disk if present, else computed with
     * {@code featurize} (raw batch in, activations batch out) over each split in stored order, and stored.
     */
    public Result get(String key, TrainingData raw, int batchSize, UnaryOperator<DataSet> featurize) throws IOException {
        if (raw.augmented()) {
            throw new IllegalArgumentException("augmented data cannot be featurized once: its activations change every"
                    + " epoch; turn augmentation off or do not use the featurize cache");
        }
        long t0 = System.nanoTime();
        Map<TrainingData.Split, DataSet> splits = new EnumMap<>(TrainingData.Split.class);
        StringBuilder keys = new StringBuilder(key);
        boolean hit = true;
        for (TrainingData.Split s : TrainingData.Split.values()) {
            if (raw.size(s) == 0) {
                continue;
            }
            String sk = splitKey(key, raw, s);
            keys.append(' ').append(sk);
            Path f = root.resolve(sk).resolve(s.name().toLowerCase(java.util.Locale.ROOT) + ".bin");
            DataSet d = null;
            if (Files.isRegularFile(f)) {
                d = new DataSet();
                try {
                    d.load(f.toFile());
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(FeaturizeCache.class).warn("{} is unreadable ({}); computing it again", f, e.getMessage());
                    d = null;
                }
            }
            if (d == null) { // the key covers the data's content, so a readable file is current
                hit = false;
                d = compute(raw.batches(s, batchSize), featurize);
                DataSet toSave = d;
                AtomicFiles.writePath(f, tmp -> toSave.save(tmp.toFile()));
            }
            splits.put(s, d);
        }
        String all = Sha256.of(keys.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        return new Result(new ArrayData(raw.classes(), splits, "featurized:" + all), hit, (System.nanoTime() - t0) / 1e9, all);
    }

    private static DataSet compute(Iterator<DataSet> batches, UnaryOperator<DataSet> featurize) {
        List<DataSet> out = new ArrayList<>();
        while (batches.hasNext()) {
            DataSet f = featurize.apply(batches.next());
            out.add(new DataSet(f.getFeatures().detach(), f.getLabels().detach()));
        }
        return DataSet.merge(out);
    }
}
