package org.transfer4j.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.common.Sha256;
import org.transfer4j.study.StudyProgress;
import org.transfer4j.transfer.plan.TransferPlan;

/**
 * Trains a network made from a {@link TransferPlan}: epochs of mini-batches, validation after each,
 * early stopping on validation accuracy, the gradual-unfreezing schedule, an atomic checkpoint after
 * every epoch and the best network kept. Killed and started again with the same arguments, it resumes
 * from the last finished epoch and ends with the parameters an uninterrupted run ends with: the batch
 * order, augmentation and dropout draws of epoch e depend only on (seed, e), and the checkpoint holds
 * parameters, optimiser state and the iteration / epoch counts.
 */
public final class PlanTrainer {
    /** Builds what is trained: the network for the first epoch, and again when more blocks unfreeze. */
    public interface Targets {
        TrainingTarget initial();

        TrainingTarget unfreeze(TrainingTarget current, int blocks);
    }

    /** Called after every training step with the 0-based epoch and 1-based step (tests watch and kill runs here). */
    public interface StepListener {
        void afterStep(int epoch, int step, TrainingTarget target);
    }

    /** Called after every epoch's validation; returning false stops the run ("pruned"), as a sweep's pruner does. */
    public interface EpochListener {
        boolean continueAfter(int epoch, double validationAccuracy);
    }

    /** The outcome: the target holds the best network's state. */
    public record Result(TrainingTarget target, TrainerState state, int resumedAtEpoch, Evaluation validation,
                         Evaluation test) {
    }

    private PlanTrainer() {
    }

    public static String runKey(TransferPlan plan, TrainingData data, TrainerOptions o, boolean featurized) {
        return Sha256.of((Json.write(plan) + "\n" + data.fingerprint() + "\nbatch=" + o.batchSize() + " seed=" + o.seed()
                + " featurized=" + featurized).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static Result train(Targets targets, TrainingData data, TransferPlan plan, TrainerOptions o, String runKey,
                               StepListener listener) throws IOException {
        return train(targets, data, plan, o, runKey, listener, null);
    }

    public static Result train(Targets targets, TrainingData data, TransferPlan plan, TrainerOptions o, String runKey,
                               StepListener listener, EpochListener epochs) throws IOException {
        Checkpoints cp = new Checkpoints(o.checkpointDir());
        TransferPlan.Strategy strategy = plan.strategy();
        TrainerState state = cp.load();
        TrainingTarget target = targets.initial();
        int resumedAt = 0;
        if (state != null && !state.runKey().equals(runKey)) {
            throw new IllegalStateException(o.checkpointDir() + " holds a checkpoint of another run (plan, data or"
                    + " training options differ); use another output directory, or delete it to start afresh");
        }
        if (state != null && state.checkpoint() != null) {
            if (state.unfrozenBlocks() > Math.max(0, strategy.unfrozenBlocksAt(0))) {
                target = targets.unfreeze(target, state.unfrozenBlocks());
            }
            Nets.copyState(Nets.load(cp.file(state.checkpoint()), target.trained()), target.trained());
            resumedAt = state.epochsDone();
        } else {
            state = TrainerState.fresh(runKey, strategy.unfrozenBlocksAt(0));
        }
        int numClasses = data.classes().size();
        int stepsPerEpoch = (data.size(TrainingData.Split.TRAIN) + o.batchSize() - 1) / o.batchSize();
        List<TrainerState.Epoch> history = new ArrayList<>(state.history());
        try (StudyProgress progress = new StudyProgress("train", o.progress(),
                (long) Math.max(0, o.maxEpochs() - state.epochsDone()) * stepsPerEpoch)) {
            if (resumedAt > 0) {
                progress.log("resuming after epoch " + resumedAt + " from " + cp.file(state.checkpoint()));
            }
            while (state.stopReason() == null && state.epochsDone() < o.maxEpochs()) {
                int epoch = state.epochsDone();
                int blocks = state.unfrozenBlocks();
                int since = state.epochsSinceBest();
                int scheduled = strategy.unfrozenBlocksAt(epoch);
                if (scheduled > blocks) {
                    target = targets.unfreeze(target, scheduled);
                    progress.log("epoch " + (epoch + 1) + ": last " + scheduled + " block(s) now train");
                    blocks = scheduled;
                    since = 0;
                }
                long t0 = System.nanoTime();
                // Dropout draws come from ND4J's RNG: seeded per epoch so that a resumed epoch repeats them.
                Nd4j.getRandom().setSeed(TrainingData.mix(o.seed(), epoch) ^ 0x5DEECE66DL);
                double lossSum = 0;
                int steps = 0;
                Iterator<DataSet> it = data.trainBatches(epoch, o.batchSize(), o.seed());
                while (it.hasNext()) {
                    DataSet b = it.next();
                    target.fit(b);
                    lossSum += target.trained().score();
                    steps++;
                    progress.step();
                    if (listener != null) {
                        listener.afterStep(epoch, steps, target);
                    }
                }
                Nets.incrementEpochCount(target.trained());
                TrainingTarget t = target;
                Evaluation val = Evaluation.of(t::output, data.batches(TrainingData.Split.VALIDATION, o.batchSize()), numClasses);
                history.add(new TrainerState.Epoch(epoch + 1, blocks, steps, lossSum / Math.max(1, steps), val.accuracy(),
                        val.loss(), (System.nanoTime() - t0) / 1e9));
                int best = state.bestEpoch();
                double bestAcc = state.bestValidationAccuracy();
                if (val.accuracy() > bestAcc) {
                    best = epoch + 1;
                    bestAcc = val.accuracy();
                    since = 0;
                    cp.saveBest(target.trained());
                } else {
                    since++;
                }
                boolean moreUnfreezing = strategy.unfrozenBlocksAt(o.maxEpochs() - 1) > blocks;
                boolean pruned = epochs != null && !epochs.continueAfter(epoch + 1, val.accuracy());
                String stop = pruned ? "pruned after epoch " + (epoch + 1) + " (validation accuracy " + val.accuracy() + ")"
                        : since >= o.patience() && !moreUnfreezing
                        ? "no better validation accuracy for " + since + " epochs (patience " + o.patience() + ")"
                        : epoch + 1 >= o.maxEpochs() ? "reached maxEpochs " + o.maxEpochs() : null;
                progress.phase(String.format("epoch %d/%d loss %.3f val %.3f%s", epoch + 1, o.maxEpochs(),
                        lossSum / Math.max(1, steps), val.accuracy(), best == epoch + 1 ? " best" : ""));
                state = new TrainerState(state.runKey(), epoch + 1, blocks, List.copyOf(history), best, bestAcc, since, stop,
                        state.checkpoint());
                state = cp.save(target.trained(), state);
                if (stop != null) {
                    progress.maxHint((long) (epoch + 1 - resumedAt) * stepsPerEpoch);
                }
            }
        }
        // The best epoch's network is the result: restore it (the checkpoint holds the last epoch's).
        if (state.bestEpoch() != state.epochsDone()) {
            if (state.unfrozenBlocks() != history.get(state.bestEpoch() - 1).unfrozenBlocks()) {
                target = targets.unfreeze(targets.initial(), history.get(state.bestEpoch() - 1).unfrozenBlocks());
            }
            Nets.copyState(Nets.load(cp.file(Checkpoints.BEST), target.trained()), target.trained());
        }
        TrainingTarget t = target;
        Evaluation val = Evaluation.of(t::output, data.batches(TrainingData.Split.VALIDATION, o.batchSize()), numClasses);
        Evaluation test = data.size(TrainingData.Split.TEST) == 0 ? null
                : Evaluation.of(t::output, data.batches(TrainingData.Split.TEST, o.batchSize()), numClasses);
        return new Result(target, state, resumedAt, val, test);
    }
}
