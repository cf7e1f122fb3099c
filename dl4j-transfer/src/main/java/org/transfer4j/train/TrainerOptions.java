package org.transfer4j.train;

import java.nio.file.Path;

/**
 * How the trainer runs a plan.
 *
 * @param maxEpochs     upper bound on epochs
 * @param patience      stop after this many epochs without a better validation accuracy (counted afresh
 *                      after each unfreezing step of a gradual schedule)
 * @param batchSize     training mini-batch size
 * @param seed          training order, dropout and augmentation draws
 * @param checkpointDir where the per-epoch checkpoint and the best model live; a run finding a checkpoint
 *                      of the same run there resumes from it
 * @param progress      show a progress bar (off in tests: log lines only)
 */
public record TrainerOptions(int maxEpochs, int patience, int batchSize, long seed, Path checkpointDir, boolean progress) {
    public TrainerOptions {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be >= 1, got " + maxEpochs);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (checkpointDir == null) {
            throw new IllegalArgumentException("checkpointDir is required");
        }
    }
}
