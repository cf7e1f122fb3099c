package org.transfer4j.train;

import java.security.MessageDigest;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.EnumMap;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.transfer4j.common.Sha256;

/**
 * A user's DL4J iterators as {@link TrainingData}: train, validation and an optional test iterator,
 * used with their own batch size, order and preprocessing. Sizes and the fingerprint (SHA-256 of every
 * feature and label value, so that checkpoints and the featurize cache key on the content) take one
 * pass over the data when first asked for.
 *
 * <p>The training order is the iterator's: resuming a killed run is bit-identical only when the iterator
 * itself gives the same batches after {@code reset()}, as a seeded DL4J iterator does.
 */
public final class IteratorData implements TrainingData {
    private final Map<Split, DataSetIterator> iterators = new EnumMap<>(Split.class);
    private final List<String> classes;
    private Map<Split, Integer> sizes;
    private int trainSteps;
    private String fingerprint;

    public IteratorData(DataSetIterator train, DataSetIterator validation, DataSetIterator test, List<String> classes) {
        iterators.put(Split.TRAIN, train);
        iterators.put(Split.VALIDATION, validation);
        if (test != null) {
            iterators.put(Split.TEST, test);
        }
        this.classes = List.copyOf(classes);
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int size(Split split) {
        scan();
        return sizes.getOrDefault(split, 0);
    }

    @Override
    public Iterator<DataSet> trainBatches(int epoch, int batchSize, long seed) {
        return batches(Split.TRAIN, batchSize);
    }

    @Override
    public Iterator<DataSet> batches(Split split, int batchSize) {
        DataSetIterator it = iterators.get(split);
        if (it == null) {
            return Collections.emptyIterator();
        }
        if (it.resetSupported()) {
            it.reset();
        }
        return it;
    }

    @Override
    public int stepsPerEpoch(int batchSize) {
        scan();
        return trainSteps;
    }

    @Override
    public String fingerprint() {
        scan();
        return fingerprint;
    }

    @Override
    public boolean augmented() {
        return false;
    }

    private void scan() {
        if (sizes != null) {
            return;
        }
        Map<Split, Integer> n = new EnumMap<>(Split.class);
        MessageDigest sha = Sha256.newDigest();
        int trainBatches = 0;
        for (var e : iterators.entrySet()) {
            int count = 0;
            Iterator<DataSet> it = batches(e.getKey(), 0);
            while (it.hasNext()) {
                DataSet b = it.next();
                count += b.numExamples();
                sha.update(b.getFeatures().data().asBytes());
                sha.update(b.getLabels().data().asBytes());
                trainBatches += e.getKey() == Split.TRAIN ? 1 : 0;
            }
            sha.update((byte) e.getKey().ordinal());
            n.put(e.getKey(), count);
        }
        trainSteps = trainBatches;
        sizes = n;
        fingerprint = Sha256.hex(sha.digest());
    }
}
