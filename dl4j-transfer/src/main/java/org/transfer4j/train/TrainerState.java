package org.transfer4j.train;

import java.util.List;

import org.transfer4j.plan.TrainingListener;

/**
 * What survives a kill, next to the network checkpoint it names: everything the trainer needs to
 * continue exactly where the last finished epoch left off.
 *
 * @param runKey     hash of plan, data fingerprint and training options: a checkpoint is resumed only by the same run
 * @param checkpoint file name of the network checkpoint after {@code epochsDone} epochs
 */
public record TrainerState(String runKey, int epochsDone, int unfrozenBlocks, List<TrainingListener.EpochInfo> history, int bestEpoch,
                           double bestValidationAccuracy, int epochsSinceBest, String stopReason, String checkpoint) {

    public static TrainerState fresh(String runKey, int unfrozenBlocks) {
        return new TrainerState(runKey, 0, unfrozenBlocks, List.of(), -1, -1, 0, null, null);
    }
}
