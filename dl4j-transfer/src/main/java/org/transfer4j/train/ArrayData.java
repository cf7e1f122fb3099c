package org.transfer4j.train;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Splits held in memory as (features, one-hot labels): Fashion-MNIST, a user's arrays, or activations read from the
 * featurize cache. Only the training split is required; without validation the trainer runs every epoch.
 */
public record ArrayData(List<String> classes, Map<Split, DataSet> splits, String fingerprint, Map<Split, String> splitFingerprints)
        implements TrainingData {
    /**
     * @param splitFingerprints the splits' content hashes where already known ({@link #of} computes them once), so that
     *                          the featurize cache does not hash the arrays again; the others are computed when asked
     */
    public ArrayData {
        if (!splits.containsKey(Split.TRAIN)) {
            throw new IllegalArgumentException("a train split is required, got " + splits.keySet());
        }
        splits = Map.copyOf(splits);
        splitFingerprints = splitFingerprints == null ? Map.of() : Map.copyOf(splitFingerprints);
    }

    public ArrayData(List<String> classes, Map<Split, DataSet> splits, String fingerprint) {
        this(classes, splits, fingerprint, Map.of());
    }

    /** The splits with a fingerprint of their content: SHA-256 of every split's shapes and values, each hashed once. */
    public static ArrayData of(List<String> classes, Map<Split, DataSet> splits) {
        Map<Split, String> each = new java.util.EnumMap<>(Split.class);
        StringBuilder all = new StringBuilder();
        for (var e : new java.util.TreeMap<>(splits).entrySet()) {
            String h = contentOf(e.getValue());
            each.put(e.getKey(), splitFingerprint(h, classes));
            all.append(e.getKey()).append('=').append(h).append('\n');
        }
        return new ArrayData(classes, splits, "arrays-" + org.transfer4j.common.Sha256.of(
                all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), each);
    }

    /** SHA-256 of the split's shapes, values and class names: equal splits of any two data share their activations. */
    @Override
    public String fingerprint(Split split) {
        String known = splitFingerprints.get(split);
        if (known != null) {
            return known;
        }
        DataSet d = splits.get(split);
        return d == null ? "empty" : splitFingerprint(contentOf(d), classes);
    }

    private static String splitFingerprint(String content, List<String> classes) {
        return "split-" + content + " classes=" + classes;
    }

    private static String contentOf(DataSet d) {
        java.security.MessageDigest md = org.transfer4j.common.Sha256.newDigest();
        for (INDArray a : new INDArray[] {d.getFeatures(), d.getLabels()}) {
            md.update(Arrays.toString(a.shape()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(a.dup('c').data().asBytes());
        }
        return org.transfer4j.common.Sha256.hex(md.digest());
    }

    @Override
    public int size(Split split) {
        DataSet d = splits.get(split);
        return d == null ? 0 : d.numExamples();
    }

    @Override
    public Iterator<DataSet> trainBatches(int epoch, int batchSize, long seed) {
        DataSet d = splits.get(Split.TRAIN);
        int[] order = IntStream.range(0, d.numExamples()).toArray();
        Random rng = new Random(TrainingData.mix(seed, epoch));
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Batches(d, order, batchSize);
    }

    @Override
    public Iterator<DataSet> batches(Split split, int batchSize) {
        DataSet d = splits.get(split);
        if (d == null) {
            return java.util.Collections.emptyIterator();
        }
        return new Batches(d, null, batchSize);
    }

    @Override
    public boolean augmented() {
        return false;
    }

    private static final class Batches implements Iterator<DataSet> {
        private final DataSet data;
        private final int[] order;
        private final int batchSize;
        private int next;

        Batches(DataSet data, int[] order, int batchSize) {
            this.data = data;
            this.order = order;
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            return next < data.numExamples();
        }

        @Override
        public DataSet next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int end = Math.min(data.numExamples(), next + batchSize);
            DataSet b;
            if (order == null) {
                b = new DataSet(rows(data.getFeatures(), next, end), rows(data.getLabels(), next, end));
            } else {
                int[] rows = Arrays.copyOfRange(order, next, end);
                b = new DataSet(Rows.pull(data.getFeatures(), rows), Rows.pull(data.getLabels(), rows));
            }
            next = end;
            return b;
        }

        private static INDArray rows(INDArray a, int from, int to) {
            var all = new org.nd4j.linalg.indexing.INDArrayIndex[a.rank()];
            all[0] = NDArrayIndex.interval(from, to);
            for (int i = 1; i < all.length; i++) {
                all[i] = NDArrayIndex.all();
            }
            return a.get(all).dup();
        }
    }
}
