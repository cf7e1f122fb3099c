package org.transfer4j.api;

import java.nio.file.Path;

import org.transfer4j.common.Progress;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.train.Epochs;
import org.transfer4j.train.PlanTrainer;

/**
 * How long and how to train: {@code Fit.epochs(10).patience(3).batchSize(32)}. Every setting has a
 * default; bad values are refused with the value quoted.
 */
public final class Fit {
    private int epochs;
    private int patience = 3;
    private int minSteps;
    /** Examples per step unless {@link #batchSize(int)} says otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Path checkpoints;
    private boolean fresh;
    private boolean progressBar = true;
    private Progress progress;
    private TrainingListener listener;
    private int pauseAt = Integer.MAX_VALUE;

    private Fit() {
    }

    /** At most {@code epochs} epochs (early stopping may end the run sooner). */
    public static Fit epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        Fit f = new Fit();
        f.epochs = epochs;
        return f;
    }

    /**
     * Train at least this many steps (default 0): when the epochs given would train fewer steps over the task's
     * training split, the run trains more epochs, as many as the steps need. Small training sets are then not
     * under-trained by an epoch count chosen for large ones (the studies train max(epochs, steps) this way).
     */
    public Fit minSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("minSteps must be >= 0, got " + steps);
        }
        this.minSteps = steps;
        return this;
    }

    /** Stop after this many epochs without a better validation accuracy (default 3). */
    public Fit patience(int epochsWithoutImprovement) {
        if (epochsWithoutImprovement < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + epochsWithoutImprovement);
        }
        this.patience = epochsWithoutImprovement;
        return this;
    }

    /** Training mini-batch size (default 32). */
    public Fit batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    /**
     * Write a checkpoint after every epoch into {@code dir}; a run that finds a checkpoint of the same
     * run there resumes from it (default: none; the best epoch is kept in memory).
     */
    public Fit checkpoints(Path dir) {
        this.checkpoints = dir;
        return this;
    }

    /** Delete an earlier run's checkpoint instead of resuming it. */
    public Fit fresh(boolean startAfresh) {
        this.fresh = startAfresh;
        return this;
    }

    /** Show a progress bar with an ETA on the terminal (default true; log lines otherwise). */
    public Fit progressBar(boolean show) {
        this.progressBar = show;
        return this;
    }

    /** Report steps and epochs to {@code p} instead (it is not closed). */
    public Fit progress(Progress p) {
        this.progress = p;
        return this;
    }

    /**
     * Called after every training step and after every epoch's validation; its epoch answer false stops the run
     * (pruning). {@link TrainingListener#onSteps} and {@link TrainingListener#onEpochs} make one from a lambda.
     */
    public Fit listener(TrainingListener l) {
        this.listener = l;
        return this;
    }

    /**
     * Train no further than epoch {@code epoch} in this call: the run pauses there (its result has no stop reason)
     * and a later call with the same checkpoint directory goes on from it, ending as an uninterrupted run would.
     * Needs {@link #checkpoints}.
     */
    public Fit pauseAfter(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("pauseAfter must be >= 1, got " + epoch);
        }
        this.pauseAt = epoch;
        return this;
    }

    int epochs() {
        return epochs;
    }

    /** The epochs a run over {@code trainExamples} trains at most: {@link #epochs}, raised for {@link #minSteps}. */
    public int epochsFor(int trainExamples) {
        return trainExamples < 1 ? epochs : epochsAt(Epochs.stepsPerEpoch(trainExamples, batchSize));
    }

    /** The same for data whose epoch has {@code stepsPerEpoch} batches (a user's iterators keep their batch size). */
    int epochsAt(int stepsPerEpoch) {
        return minSteps == 0 || stepsPerEpoch < 1 ? epochs : Epochs.forSteps(stepsPerEpoch, epochs, minSteps);
    }

    /** The training steps of {@link #epochsFor} epochs over {@code trainExamples} (what a progress bar counts). */
    public long stepsFor(int trainExamples) {
        return (long) epochsFor(trainExamples) * Epochs.stepsPerEpoch(trainExamples, batchSize);
    }

    int patience() {
        return patience;
    }

    int batchSize() {
        return batchSize;
    }

    Path checkpoints() {
        return checkpoints;
    }

    boolean fresh() {
        return fresh;
    }

    boolean progressBar() {
        return progressBar;
    }

    /** The progress sink given by {@link #progress(Progress)}, or null. */
    Progress progressSink() {
        return progress;
    }

    PlanTrainer.Hooks hooks() {
        return new PlanTrainer.Hooks(progress == null ? null : Progress.unclosable(progress), listener, pauseAt);
    }
}
