package org.transfer4j.advise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.Progress;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.train.TaskDataOpener;
import org.transfer4j.train.TrainingData;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Recommends how to adapt one backbone to the user's data, from short, budgeted runs instead of rules of
 * thumb: feature extraction at a cut, fine-tuning the last N blocks for a few N, and training the same
 * architecture from scratch, each on nested class-balanced subsets of the training data (by default a quarter,
 * a half and all of up to 400 examples). Each strategy's validation accuracies give a learning curve
 * ({@link LearningCurve}, a power law in the error) extrapolated to the full training set, its run times a
 * prediction of the full run's wall time ({@link WallTime}); the recommendation is the cheapest strategy whose
 * expected accuracy is within the measurement noise of the best one's ({@link StrategyChoice}; the noise is the
 * binomial error of the largest probes' validation accuracies), with a learning-rate range from two more probes
 * at a third and three times the rate (of the transfer strategy the probes favour; a recommendation to train
 * from scratch comes with the base rate alone).
 *
 * <pre>
 *   StrategyAdvice a = StrategyAdvisor.of(Base.catalogue("nsfwjs.mobilenetv2")).cut("block_12_add")
 *           .inputSize(96).budgetSeconds(120).on(TaskData.folder(dir));
 *   System.out.println(a.recommendation().text());
 * </pre>
 *
 * Probes run breadth first (every transfer strategy's largest subset, then the smaller ones), then the rates of the
 * transfer strategy they favour, then scratch; a probe that would overrun the budget is not started, one that
 * overruns it is stopped, and both are listed as not run.
 * Probes are measured on the validation split (at most {@code validationExamples}, class-balanced); the test
 * split is never read. Each probe trains as the full run would: at least {@code minEpochs} epochs and
 * {@code minSteps} steps.
 */
public final class StrategyAdvisor {
    final Base base;
    private String cut;
    private int[] blocks = {1, 3};
    private double[] fractions = {0.25, 0.5, 1.0};
    private int probeExamples = 400;
    private int validationExamples = 300;
    double budgetSeconds = 120;
    double learningRate = 1e-3;
    private boolean scratch = true;
    int inputSize;
    Path mirror;
    long seed = 1;
    int batchSize = 32;
    int minEpochs = 8;
    int minSteps = 100;
    private Progress progress;

    private StrategyAdvisor(Base base) {
        this.base = base;
    }

    /** The backbone to advise on (required). */
    public static StrategyAdvisor of(Base base) {
        if (base == null) {
            throw new IllegalArgumentException("a base is required, e.g. Base.catalogue(\"nsfwjs.mobilenetv2\")");
        }
        return new StrategyAdvisor(base);
    }

    /**
     * Where feature extraction cuts a graph (default: the base's feature vertex; a MultiLayerNetwork is probed at its
     * feature layer); {@link Advise.Ranking#suggestedCut} says where.
     */
    public StrategyAdvisor cut(String vertex) {
        this.cut = vertex;
        return this;
    }

    /** The fine-tuning depths probed, in blocks from the top (default 1 and 3; depths beyond the backbone are dropped). */
    public StrategyAdvisor blocks(int... lastBlocks) {
        if (lastBlocks == null || lastBlocks.length == 0 || Arrays.stream(lastBlocks).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("blocks must be >= 1, at least one, got " + Arrays.toString(lastBlocks));
        }
        this.blocks = lastBlocks.clone();
        return this;
    }

    /** The nested subsets, as fractions of the probe sample (default 0.25, 0.5, 1). */
    public StrategyAdvisor fractions(double... f) {
        if (f == null || f.length == 0 || Arrays.stream(f).anyMatch(x -> !(x > 0 && x <= 1))) {
            throw new IllegalArgumentException("fractions must be in (0,1], at least one, got " + Arrays.toString(f));
        }
        this.fractions = f.clone();
        return this;
    }

    /** At most this many training examples in the largest probe (default 400). */
    public StrategyAdvisor probeExamples(int n) {
        if (n < 8) {
            throw new IllegalArgumentException("probeExamples must be >= 8, got " + n);
        }
        this.probeExamples = n;
        return this;
    }

    /** At most this many validation examples per probe (default 300). */
    public StrategyAdvisor validationExamples(int n) {
        if (n < 10) {
            throw new IllegalArgumentException("validationExamples must be >= 10, got " + n);
        }
        this.validationExamples = n;
        return this;
    }

    /** Seconds the probes may take together (default 120). */
    public StrategyAdvisor budgetSeconds(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("budgetSeconds must be > 0, got " + seconds);
        }
        this.budgetSeconds = seconds;
        return this;
    }

    /** The head's learning rate the strategies are probed at (default 1e-3, Transfer's default). */
    public StrategyAdvisor learningRate(double rate) {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0,1), got " + rate);
        }
        this.learningRate = rate;
        return this;
    }

    /** Whether the same architecture trained from random weights is probed too (default true). */
    public StrategyAdvisor scratch(boolean probe) {
        this.scratch = probe;
        return this;
    }

    /** See {@code Transfer.inputSize}. */
    public StrategyAdvisor inputSize(int side) {
        if (side < 16 || side > 1024) {
            throw new IllegalArgumentException("inputSize must be in [16, 1024], got " + side);
        }
        this.inputSize = side;
        return this;
    }

    public StrategyAdvisor mirror(Path dir) {
        this.mirror = dir;
        return this;
    }

    public StrategyAdvisor seed(long s) {
        this.seed = s;
        return this;
    }

    /** Training of every probe and of the predicted full run: at least this many epochs and steps (default 8, 100). */
    public StrategyAdvisor training(int minimumEpochs, int minimumSteps, int batch) {
        if (minimumEpochs < 1 || minimumSteps < 0 || batch < 1) {
            throw new IllegalArgumentException("training needs epochs >= 1, steps >= 0, batch >= 1, got " + minimumEpochs
                    + ", " + minimumSteps + ", " + batch);
        }
        this.minEpochs = minimumEpochs;
        this.minSteps = minimumSteps;
        this.batchSize = batch;
        return this;
    }

    public StrategyAdvisor progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** The probes {@link #on} plans (a progress bar's total): strategies times fractions, plus two rates. */
    public int steps() {
        return (1 + blocks.length + (scratch ? 1 : 0)) * fractions.length + 2;
    }

    /** A probed strategy and the blocks it trains. */
    record Candidate(Strategy strategy, List<String> trained) {
        boolean isScratch() {
            return strategy instanceof Strategy.Scratch;
        }
    }

    public StrategyAdvice on(TaskData data) throws IOException {
        long t0 = System.nanoTime();
        CpuHelpers.ensureConfigured();
        Progress p = progress != null ? progress : Progress.logOnly("advise");
        BaseModel bm = BaseModel.load(base, null, null, mirror, seed);
        ImagePreprocessing pre = bm.preprocessing() != null ? bm.preprocessing()
                : BaseModel.defaultPreprocessing(bm.names().inputShape());
        pre = inputSize > 0 ? pre.withSize(inputSize) : pre;
        List<String> blockNames = bm.names().blocks();
        // A MultiLayerNetwork is probed at its feature layer, as when the README's advice table was measured: then
        // featureExtraction(layer) below it trained the layers above (fine-tuning). It is a cut now, as on a graph, so
        // the ranking's suggested cut could be probed there too; that changes the LeNet advice and is left to be
        // measured with it.
        String cutAt = cut != null && bm.network() instanceof org.deeplearning4j.nn.graph.ComputationGraph ? cut : bm.names().feature();
        List<Candidate> candidates = candidates(blockNames, cutAt);
        try (TrainingData td = TaskDataOpener.open(data, pre, seed)) {
            int fullTrain = td.size(TrainingData.Split.TRAIN);
            int fullValidation = td.size(TrainingData.Split.VALIDATION);
            DataSet train = BalancedSample.balancedOrder(BalancedSample.take(td.trainBatches(0, 64, seed), Math.min(probeExamples, fullTrain)), seed);
            DataSet allValidation = BalancedSample.balancedOrder(BalancedSample.take(td.batches(TrainingData.Split.VALIDATION, 64), Math.min(1000, fullValidation)),
                    seed + 1);
            DataSet validation = allValidation.numExamples() > validationExamples
                    ? (DataSet) allValidation.getRange(0, validationExamples) : allValidation;
            if (train.numExamples() < 2 || validation.numExamples() < 1) {
                throw new IllegalArgumentException("the task needs training and validation examples to probe strategies, got "
                        + train.numExamples() + " and " + validation.numExamples() + "; add images (each class needs a few"
                        + " for validation), or rank only (strategy budget 0)");
            }
            ProbeRunner probes = new ProbeRunner(this, td.classes(), train, validation, t0, p);
            int[] sizes = sizes(train.numExamples());
            p.maxHint(candidates.size() * sizes.length + 2L);
            ProbeAssessment assess = new ProbeAssessment(this, probes, validation.numExamples(), fullTrain, fullValidation);
            // The transfer strategies first, breadth first: every strategy's largest subset, then the next size down. A
            // budget that runs out leaves each measured where it matters most (a one-point curve is flat, with its
            // binomial error). Then the rates of the strategy they favour; scratch last: it trains every layer, costs
            // the most per step on a large backbone, and is the baseline rather than a way to use the backbone.
            List<Candidate> transfer = candidates.stream().filter(c -> !c.isScratch()).toList();
            probeAll(probes, transfer, sizes);
            List<StrategyAdvice.Curve> transferCurves = assess.curves(strategies(transfer));
            Candidate favoured = transferCurves.isEmpty() ? null : find(candidates, ProbeAssessment.choose(transferCurves).chosen().strategy());
            int[] largest = {0};
            if (favoured != null) {
                largest[0] = probes.done(favoured.strategy(), learningRate).stream().mapToInt(StrategyAdvice.Probe::examples).max().orElseThrow();
                for (double rate : new double[] {learningRate / 3, learningRate * 3}) {
                    probes.run(favoured.strategy(), rate, largest[0]);
                }
            }
            probeAll(probes, candidates.stream().filter(Candidate::isScratch).toList(), sizes);
            List<StrategyAdvice.Curve> curves = assess.curves(strategies(candidates));
            if (curves.isEmpty()) {
                throw new IllegalStateException("no probe finished within the budget of " + budgetSeconds + " s: "
                        + probes.all + "; raise the budget or lower probeExamples");
            }
            StrategyChoice.Choice choice = ProbeAssessment.choose(curves);
            Candidate chosen = find(candidates, choice.chosen().strategy());
            if (chosen != favoured) {
                largest[0] = probes.done(chosen.strategy(), learningRate).stream().mapToInt(StrategyAdvice.Probe::examples).max().orElseThrow();
            }
            List<StrategyAdvice.Probe> atLargest = probes.done(chosen.strategy()).stream().filter(q -> q.examples() == largest[0]).toList();
            double[] range = AdviceText.rateRange(atLargest, validation.numExamples());
            StrategyAdvice.Curve cc = curves.stream().filter(c -> c.strategy().equals(chosen.strategy())).findFirst().orElseThrow();
            String text = AdviceText.text(choice, chosen, cc, curves, range,
                    atLargest.stream().mapToDouble(StrategyAdvice.Probe::learningRate).sorted().toArray(), fullTrain);
            var rec = new StrategyAdvice.Recommendation(chosen.strategy(), chosen.trained(), range[0], range[1],
                    cc.expectedAccuracy(), cc.standardError(), cc.expectedSeconds(), choice.scratchBetter(), choice.scratchAsGood(), text);
            return new StrategyAdvice(base.toString(), cutAt, fullTrain, fullValidation, validation.numExamples(), budgetSeconds,
                    (System.nanoTime() - t0) / 1e9, probes.all, curves, rec);
        }
    }

    private void probeAll(ProbeRunner probes, List<Candidate> which, int[] sizes) {
        for (int i = sizes.length - 1; i >= 0; i--) {
            for (Candidate c : which) {
                probes.run(c.strategy(), learningRate, sizes[i]);
            }
        }
    }

    private static Candidate find(List<Candidate> candidates, Strategy s) {
        return candidates.stream().filter(c -> c.strategy().equals(s)).findFirst().orElseThrow();
    }

    private static List<Strategy> strategies(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::strategy).toList();
    }

    private List<Candidate> candidates(List<String> blockNames, String cutAt) {
        List<Candidate> out = new ArrayList<>();
        out.add(new Candidate(Strategy.featureExtraction(cutAt), List.of()));
        for (int b : new TreeSet<>(Arrays.stream(blocks).map(b -> Math.min(b, blockNames.size())).boxed().toList())) {
            if (b < 1) {
                continue;
            }
            out.add(new Candidate(Strategy.lastBlocks(b), blockNames.subList(blockNames.size() - b, blockNames.size())));
        }
        if (scratch) {
            out.add(new Candidate(Strategy.scratch(), List.of("every layer")));
        }
        return out;
    }

    /** The nested subset sizes: each fraction of the sample, at least 2 examples, distinct, ascending. */
    int[] sizes(int sample) {
        return Arrays.stream(fractions).mapToInt(f -> Math.max(2, (int) Math.round(f * sample))).distinct().sorted().toArray();
    }

}
