package org.transfer4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.Sha256;

/**
 * Activations of a network's frozen part, computed once per input row and stored on disk under
 * {@code <cache root>/featurize/<frozen key>/} ({@link RowStore}): the frozen part's key hashes the weights' SHA-256,
 * the frozen boundary and the preprocessing, and each row is found by the content hash of its input, so any change
 * to one of them misses. Later runs of the same plan, sweep candidates sharing the boundary, and runs on any data
 * whose images were featurized before (a K-shot sample inside a larger one, the same test images under another
 * training sample, the advisor's probes on one validation set) read the rows instead of running the backbone; one
 * pass can fill several frozen parts at once ({@link #getAll}: several cuts of one network). Augmented data is never
 * cached: its activations change every epoch.
 */
public final class FeaturizeCache {
    private final Path root;

    /** The outcome: the featurized data, whether every row came from disk, and the time it took. */
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
     * channels), and a later run read them back. 3: one key per split. 4: rows keyed by their input's content.
     */
    static final int FORMAT = 4;

    /** The key of a frozen part: the weights, the boundary (with how its activations are kept), the preprocessing. */
    public static String key(String weightsSha256, String frozenBoundary, String preprocessing) {
        return Sha256.of(("format=" + FORMAT + "\nweights=" + weightsSha256 + "\nboundary=" + frozenBoundary
                + "\npreprocessing=" + preprocessing).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /**
     * The featurized splits for {@code key}: each row read from disk if stored, else computed with {@code featurize}
     * (raw batch in, activations batch out) and stored.
     */
    public Result get(String key, TrainingData raw, int batchSize, UnaryOperator<DataSet> featurize) throws IOException {
        return getAll(List.of(key), raw, batchSize, x -> new INDArray[] {featurize.apply(new DataSet(x, null)).getFeatures()}).get(0);
    }

    /**
     * The featurized splits for each of {@code keys} (several frozen parts of one network, such as its cuts), from one
     * pass over the data: {@code featurize} answers a batch's activations for every key, in the order of {@code keys},
     * and runs only on the rows some key lacks.
     */
    public List<Result> getAll(List<String> keys, TrainingData raw, int batchSize, Function<INDArray, INDArray[]> featurize)
            throws IOException {
        if (raw.augmented()) {
            throw new IllegalArgumentException("augmented data cannot be featurized once: its activations change every"
                    + " epoch; turn augmentation off or do not use the featurize cache");
        }
        long t0 = System.nanoTime();
        List<RowStore> stores = keys.stream().map(k -> new RowStore(root.resolve(k))).toList();
        List<Map<TrainingData.Split, DataSet>> splits = new ArrayList<>();
        List<StringBuilder> read = new ArrayList<>();
        boolean[] hit = new boolean[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            splits.add(new EnumMap<>(TrainingData.Split.class));
            read.add(new StringBuilder(keys.get(k)));
            hit[k] = true;
        }
        for (TrainingData.Split s : TrainingData.Split.values()) {
            if (raw.size(s) == 0) {
                continue;
            }
            List<String> rowHashes = new ArrayList<>();
            List<INDArray> labels = new ArrayList<>();
            Iterator<DataSet> it = raw.batches(s, batchSize);
            while (it.hasNext()) {
                DataSet b = it.next();
                List<String> h = RowStore.hashes(b.getFeatures());
                int[] missing = java.util.stream.IntStream.range(0, h.size())
                        .filter(i -> stores.stream().anyMatch(st -> !st.has(h.get(i)))).toArray();
                if (missing.length > 0) {
                    INDArray x = missing.length == h.size() ? b.getFeatures() : rows(b.getFeatures(), missing);
                    INDArray[] a = featurize.apply(x);
                    for (int k = 0; k < keys.size(); k++) {
                        RowStore st = stores.get(k);
                        int[] lacking = java.util.stream.IntStream.range(0, missing.length).filter(i -> !st.has(h.get(missing[i])))
                                .toArray();
                        if (lacking.length > 0) {
                            st.add(java.util.Arrays.stream(lacking).mapToObj(i -> h.get(missing[i])).toList(),
                                    lacking.length == missing.length ? a[k].detach() : rows(a[k], lacking));
                            hit[k] = false;
                        }
                    }
                }
                rowHashes.addAll(h);
                labels.add(b.getLabels().detach());
            }
            INDArray y = Nd4j.concat(0, labels.toArray(INDArray[]::new));
            String rowsKey = Sha256.of(String.join("\n", rowHashes).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
            for (int k = 0; k < keys.size(); k++) {
                INDArray x = stores.get(k).rows(rowHashes);
                // A chunk was unreadable (the store forgot its rows): compute them again, until every chunk read reads
                // (each round finds at most one more bad chunk) or a round computes nothing.
                while (x == null && refill(stores.get(k), k, raw, s, batchSize, featurize) > 0) {
                    hit[k] = false;
                    x = stores.get(k).rows(rowHashes);
                }
                if (x == null) {
                    throw new IOException("featurize cache " + root.resolve(keys.get(k)) + " cannot store the rows of the " + s
                            + " split; check the disk, or delete that directory and run again");
                }
                splits.get(k).put(s, new DataSet(x, y));
                read.get(k).append(' ').append(s).append('=').append(rowsKey);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Result> out = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            String all = Sha256.of(read.get(k).toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
            out.add(new Result(new ArrayData(raw.classes(), splits.get(k), "featurized:" + all), hit[k], seconds, all));
        }
        return out;
    }

    /** Computes and stores the rows of {@code split} that {@code store} (key number {@code k}) lacks; how many. */
    private static int refill(RowStore store, int k, TrainingData raw, TrainingData.Split split, int batchSize,
                              Function<INDArray, INDArray[]> featurize) throws IOException {
        int computed = 0;
        Iterator<DataSet> it = raw.batches(split, batchSize);
        while (it.hasNext()) {
            DataSet b = it.next();
            List<String> h = RowStore.hashes(b.getFeatures());
            int[] lacking = java.util.stream.IntStream.range(0, h.size()).filter(i -> !store.has(h.get(i))).toArray();
            if (lacking.length > 0) {
                INDArray a = featurize.apply(rows(b.getFeatures(), lacking))[k];
                store.add(java.util.Arrays.stream(lacking).mapToObj(h::get).toList(), a.detach());
                computed += lacking.length;
            }
        }
        return computed;
    }

    /** The content key of each row of {@code features}, as the cache finds rows by. */
    public static List<String> rowKeys(INDArray features) {
        return RowStore.hashes(features);
    }

    /** The rows {@code idx} of {@code a} (any rank). */
    static INDArray rows(INDArray a, int[] idx) {
        long[] shape = a.shape().clone();
        shape[0] = idx.length;
        return a.reshape(a.size(0), a.length() / a.size(0)).getRows(idx).reshape(shape);
    }
}
