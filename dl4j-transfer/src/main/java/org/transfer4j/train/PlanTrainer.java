package org.transfer4j.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.common.Progress;
import org.transfer4j.common.Sha256;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.plan.TransferPlan;

/**
 * The one training loop of transfer4j: fine-tuning runs, the studies' runs, sweep candidates and the
 * domain-adaptation trainer all go through it. Epochs of mini-batches; after each, validation (when the
 * data has a validation split), early stopping on validation accuracy, the gradual-unfreezing
 * schedule, the hooks ({@link Hooks}: progress, per-step and per-epoch listeners, pruning) and, with a
 * checkpoint directory, an atomic checkpoint. Killed and started again with the same arguments, it
 * resumes from the last finished epoch and ends with the parameters an uninterrupted run ends with:
 * the batch order, augmentation and dropout draws of epoch e depend only on (seed, e), and the
 * checkpoint holds parameters, optimiser state and the iteration / epoch counts.
 *
 * <p>DL4J's {@code EarlyStoppingTrainer} is not used: it has no notion of a network that is rebuilt
 * mid-run (gradual unfreezing), of featurized training with a different network than the one exported,
 * of resuming the optimiser state and batch order after a kill, or of a per-epoch pruning decision.
 */
public final class PlanTrainer {
    /** Builds what is trained: the network for the first epoch, and again when more blocks unfreeze. */
    public interface Targets {
        TrainingTarget initial();

        TrainingTarget unfreeze(TrainingTarget current, int blocks);

        /** The data {@code target} trains and is evaluated on: {@code given}, or the activations at its boundary. */
        default TrainingData data(TrainingTarget target, TrainingData given) {
            return given;
        }

        /** A fixed target (no gradual schedule). */
        static Targets of(TrainingTarget target) {
            return new Targets() {
                @Override
                public TrainingTarget initial() {
                    return target;
                }

                @Override
                public TrainingTarget unfreeze(TrainingTarget current, int blocks) {
                    throw new IllegalStateException("this run has no unfreezing schedule");
                }
            };
        }
    }

    /**
     * What a caller hooks into the loop; every part optional.
     *
     * @param progress where steps and epochs are reported; null: a console bar (or log lines) of the loop's own
     * @param listener after every step and epoch (tests kill runs there); its epoch answer may stop the run
     * @param pauseAt  train no further than this epoch (1-based): the run pauses there without a stop reason,
     *                 and a later call with the same checkpoint directory resumes it, as synchronous successive
     *                 halving does between rungs; {@link Integer#MAX_VALUE}: no pause
     */
    public record Hooks(Progress progress, TrainingListener listener, int pauseAt) {
        public Hooks {
            if (pauseAt < 1) {
                throw new IllegalArgumentException("pauseAt must be >= 1, got " + pauseAt);
            }
            listener = listener == null ? new TrainingListener() { } : listener;
        }

        public Hooks(Progress progress, TrainingListener listener) {
            this(progress, listener, Integer.MAX_VALUE);
        }

        public static Hooks none() {
            return new Hooks(null, null);
        }

        public Hooks withProgress(Progress p) {
            return new Hooks(p, listener, pauseAt);
        }
    }

    /** The outcome: the target holds the best network's state (the last epoch's when there is no validation). */
    public record Result(TrainingTarget target, TrainerState state, int resumedAtEpoch, Evaluation validation,
                         Evaluation test) {
    }

    private PlanTrainer() {
    }

    public static String runKey(TransferPlan plan, TrainingData data, TrainerOptions o, boolean featurized) {
        // run-format 2: a cut's head standardises with fitted, frozen statistics (checkpoints before it hold others)
        return Sha256.of(("run-format=2\n" + Json.write(plan) + "\n" + data.fingerprint() + "\nbatch=" + o.batchSize() + " seed=" + o.seed()
                + " featurized=" + featurized).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Trains until {@code o.maxEpochs()}, early stopping or a pruning decision.
     *
     * @param strategy the plan's strategy, for its unfreezing schedule; null for a fixed network
     * @param runKey   identifies the run in its checkpoint directory; may be null without one
     */
    public static Result train(Targets targets, TrainingData data, Strategy strategy, TrainerOptions o,
                               String runKey, Hooks hooks) throws IOException {
        Hooks h = hooks == null ? Hooks.none() : hooks;
        Checkpoints cp = o.checkpointDir() == null ? null : new Checkpoints(o.checkpointDir());
        TrainerState state = cp == null ? null : cp.load();
        TrainingTarget target = targets.initial();
        TrainingData raw = data;
        int resumedAt = 0;
        String key = runKey == null ? "" : runKey;
        if (state != null && !state.runKey().equals(key)) {
            throw new IllegalStateException(o.checkpointDir() + " holds a checkpoint of another run (plan, data or"
                    + " training options differ); use another output directory, or delete it to start afresh");
        }
        if (state != null && state.checkpoint() != null) {
            if (state.unfrozenBlocks() > Math.max(0, blocksAt(strategy, 0))) {
                target = targets.unfreeze(target, state.unfrozenBlocks());
            }
            Nets.copyState(Nets.load(cp.file(state.checkpoint()), target.trained()), target.trained());
            resumedAt = state.epochsDone();
        } else {
            state = TrainerState.fresh(key, blocksAt(strategy, 0));
        }
        data = targets.data(target, raw);
        boolean validate = data.size(TrainingData.Split.VALIDATION) > 0;
        int numClasses = data.classes().size();
        int stepsPerEpoch = data.stepsPerEpoch(o.batchSize());
        List<TrainingListener.EpochInfo> history = new ArrayList<>(state.history());
        // Without a checkpoint directory the best epoch's parameters are kept here instead of in best.zip.
        INDArray bestParams = null;
        Progress progress = h.progress() != null ? h.progress()
                : Progress.console("train", o.progress(), (long) Math.max(0, o.maxEpochs() - state.epochsDone()) * stepsPerEpoch);
        try {
            if (resumedAt > 0) {
                progress.log("resuming after epoch " + resumedAt + " from " + cp.file(state.checkpoint()));
            }
            while (state.stopReason() == null && state.epochsDone() < Math.min(o.maxEpochs(), h.pauseAt())) {
                int epoch = state.epochsDone();
                int blocks = state.unfrozenBlocks();
                int since = state.epochsSinceBest();
                int scheduled = blocksAt(strategy, epoch);
                if (scheduled > blocks) {
                    target = targets.unfreeze(target, scheduled);
                    data = targets.data(target, raw);
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
                    h.listener().onStep(new TrainingListener.StepInfo(epoch + 1, steps, target.trained().score()));
                }
                Nets.incrementEpochCount(target.trained());
                TrainingTarget t = target;
                Evaluation val = validate ? evaluate(t, data, TrainingData.Split.VALIDATION, o, numClasses) : null;
                double valAcc = val == null ? Double.NaN : val.accuracy();
                TrainingListener.EpochInfo done = new TrainingListener.EpochInfo(epoch + 1, blocks, steps, lossSum / Math.max(1, steps),
                        valAcc, val == null ? Double.NaN : val.loss(), (System.nanoTime() - t0) / 1e9,
                        Nets.trainedLayers(target.trained()));
                history.add(done);
                int bestEpoch = state.bestEpoch();
                double bestAcc = state.bestValidationAccuracy();
                if (!validate || valAcc > bestAcc) {
                    bestEpoch = epoch + 1;
                    bestAcc = validate ? valAcc : bestAcc;
                    since = 0;
                    if (validate && cp != null) {
                        cp.saveBest(target.trained());
                    } else if (validate) {
                        bestParams = target.trained().params().dup();
                    }
                } else {
                    since++;
                }
                boolean moreUnfreezing = blocksAt(strategy, o.maxEpochs() - 1) > blocks;
                boolean pruned = !h.listener().onEpoch(done);
                String stop = pruned ? "pruned after epoch " + (epoch + 1) + " (validation accuracy " + valAcc + ")"
                        : validate && since >= o.patience() && !moreUnfreezing
                        ? "no better validation accuracy for " + since + " epochs (patience " + o.patience() + ")"
                        : epoch + 1 >= o.maxEpochs() ? "reached maxEpochs " + o.maxEpochs() : null;
                progress.phase(String.format("epoch %d/%d loss %.3f%s%s", epoch + 1, o.maxEpochs(),
                        lossSum / Math.max(1, steps), validate ? String.format(" val %.3f", valAcc) : "",
                        validate && bestEpoch == epoch + 1 ? " best" : ""));
                state = new TrainerState(state.runKey(), epoch + 1, blocks, List.copyOf(history), bestEpoch, bestAcc, since,
                        stop, state.checkpoint());
                if (cp != null) {
                    state = cp.save(target.trained(), state);
                }
                if (stop != null && epoch + 1 < o.maxEpochs()) {
                    progress.maxHint((long) (epoch + 1 - resumedAt) * stepsPerEpoch);
                }
            }
        } finally {
            if (h.progress() == null) {
                progress.close();
            }
        }
        // The best epoch's network is the result: restore it (the checkpoint holds the last epoch's).
        if (validate && state.bestEpoch() != state.epochsDone()) {
            int bestBlocks = history.get(state.bestEpoch() - 1).unfrozenBlocks();
            if (state.unfrozenBlocks() != bestBlocks) {
                target = targets.unfreeze(targets.initial(), bestBlocks);
                data = targets.data(target, raw);
            }
            if (cp != null) {
                Nets.copyState(Nets.load(cp.file(Checkpoints.BEST), target.trained()), target.trained());
            } else {
                target.trained().setParams(bestParams);
            }
        }
        Evaluation val = validate ? evaluate(target, data, TrainingData.Split.VALIDATION, o, numClasses) : null;
        Evaluation test = data.size(TrainingData.Split.TEST) == 0 ? null
                : evaluate(target, data, TrainingData.Split.TEST, o, numClasses);
        return new Result(target, state, resumedAt, val, test);
    }

    private static Evaluation evaluate(TrainingTarget t, TrainingData data, TrainingData.Split split, TrainerOptions o,
                                       int numClasses) {
        return Evaluation.of(t::output, data.batches(split, o.evaluationBatchSize()), numClasses);
    }

    private static int blocksAt(Strategy strategy, int epoch) {
        return strategy == null ? -1 : strategy.unfrozenBlocksAt(epoch);
    }
}
