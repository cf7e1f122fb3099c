package org.transfer4j.plan;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Watches a training run: called after every step and after every epoch's validation. An epoch listener may stop
 * the run (a sweep's pruner does). Exceptions thrown here end the run (the checkpoint of the last finished epoch
 * stays and a later run resumes from it).
 */
public interface TrainingListener {
    /** After every training step. */
    default void onStep(StepInfo step) {
    }

    /** After every epoch's validation; false stops the run ("pruned"). */
    default boolean onEpoch(EpochInfo epoch) {
        return true;
    }

    /** A listener that only watches steps. */
    static TrainingListener onSteps(Consumer<StepInfo> steps) {
        return new TrainingListener() {
            @Override
            public void onStep(StepInfo step) {
                steps.accept(step);
            }
        };
    }

    /** A listener that only decides after each epoch. */
    static TrainingListener onEpochs(Predicate<EpochInfo> epochs) {
        return new TrainingListener() {
            @Override
            public boolean onEpoch(EpochInfo epoch) {
                return epochs.test(epoch);
            }
        };
    }

    /**
     * One training step.
     *
     * @param epoch 1-based epoch the step belongs to
     * @param step  1-based step within the epoch
     * @param loss  the mini-batch's loss after the step
     */
    record StepInfo(int epoch, int step, double loss) {
    }

    /**
     * One finished epoch, as listeners see it and reports and checkpoints keep it.
     *
     * @param epoch              1-based
     * @param unfrozenBlocks     blocks trained in the epoch (-1: not block-based)
     * @param steps              mini-batches trained
     * @param trainLoss          mean mini-batch loss
     * @param validationAccuracy NaN without a validation split
     * @param validationLoss     NaN without a validation split
     * @param seconds            training and validation time
     * @param trainedLayers      the names of the layers whose parameters the epoch trained
     */
    record EpochInfo(int epoch, int unfrozenBlocks, int steps, double trainLoss, double validationAccuracy,
                     double validationLoss, double seconds, List<String> trainedLayers) {
        public EpochInfo {
            // checkpoints written before the field existed read back without it
            trainedLayers = trainedLayers == null ? List.of() : List.copyOf(trainedLayers);
        }
    }
}
