package org.transfer4j.train;

import java.util.Iterator;
import java.util.List;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Labelled data split into train / validation / test, as the trainer reads it. The training order of
 * an epoch depends only on (seed, epoch), so a run resumed at epoch e sees exactly the batches an
 * uninterrupted run would.
 */
public interface TrainingData extends AutoCloseable {
    enum Split { TRAIN, VALIDATION, TEST }

    List<String> classes();

    int size(Split split);

    /** Shuffled (and, if the data has augmentation, augmented) training batches of {@code epoch}. */
    Iterator<DataSet> trainBatches(int epoch, int batchSize, long seed);

    /** Training steps in one epoch at {@code batchSize}: what progress bars and ETAs count. */
    default int stepsPerEpoch(int batchSize) {
        return (size(Split.TRAIN) + batchSize - 1) / batchSize;
    }

    /** A split in its stored order, never augmented: for evaluation and featurizing. */
    Iterator<DataSet> batches(Split split, int batchSize);

    /** Identifies the content (and split) of the data: part of the featurize-cache key and of the run key. */
    String fingerprint();

    /**
     * Identifies the content of one split, whatever the other splits hold: the featurize cache keys each split's
     * activations on it, so data sharing a split shares its activations. By default the whole data's fingerprint
     * and the split's name (correct, but shared with nothing).
     */
    default String fingerprint(Split split) {
        return fingerprint() + "#" + split.name();
    }

    /** Whether training batches are augmented (then featurized activations cannot be cached). */
    boolean augmented();

    /** Files left out as unusable so far, with the reason each was. */
    default java.util.List<org.transfer4j.data.image.SkippedFile> skipped() {
        return java.util.List.of();
    }

    /** Examples of {@code split} used so far: its size without the files skipped when read. */
    default int usable(Split split) {
        return size(split);
    }

    @Override
    default void close() {
    }

    static long mix(long seed, long epoch) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 31);
    }
}
