package org.transfer4j.train;

import java.nio.file.Path;

/**
 * How the trainer runs.
 *
 * @param maxEpochs           upper bound on epochs
 * @param patience            stop after this many epochs without a better validation accuracy (counted afresh
 *                            after each unfreezing step of a gradual schedule); unused without validation data
 * @param batchSize           training mini-batch size
 * @param seed                training order, dropout and augmentation draws
 * @param checkpointDir       where the per-epoch checkpoint and the best model live; a run finding a checkpoint
 *                            of the same run there resumes from it. Null: no checkpoints (the best epoch is kept
 *                            in memory), as for the studies' many short runs
 * @param progress            show a progress bar when the caller hands the loop no {@code Progress} of its own
 * @param evaluationBatchSize batch size for validation and test predictions
 */
public record TrainerOptions(int maxEpochs, int patience, int batchSize, long seed, Path checkpointDir, boolean progress,
                             int evaluationBatchSize) {
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
        if (evaluationBatchSize < 1) {
            throw new IllegalArgumentException("evaluationBatchSize must be >= 1, got " + evaluationBatchSize);
        }
    }

    /** Evaluation in training-sized batches. */
    public TrainerOptions(int maxEpochs, int patience, int batchSize, long seed, Path checkpointDir, boolean progress) {
        this(maxEpochs, patience, batchSize, seed, checkpointDir, progress, batchSize);
    }
}
