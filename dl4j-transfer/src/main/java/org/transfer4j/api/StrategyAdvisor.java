package org.transfer4j.api;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.advise.LearningCurve;
import org.transfer4j.advise.StrategyChoice;
import org.transfer4j.advise.WallTime;
import org.transfer4j.common.Progress;
import org.transfer4j.common.Sha256;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.train.ArrayData;
import org.transfer4j.train.TrainerState;
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
    static final String FROM_SCRATCH = "from scratch";
    private final Base base;
    private String cut;
    private int[] blocks = {1, 3};
    private double[] fractions = {0.25, 0.5, 1.0};
    private int probeExamples = 400;
    private int validationExamples = 300;
    private double budgetSeconds = 120;
    private double learningRate = 1e-3;
    private boolean scratch = true;
    private int inputSize;
    private Path mirror;
    private long seed = 1;
    private int batchSize = 32;
    private int minEpochs = 8;
    private int minSteps = 100;
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
     * Where feature extraction cuts a graph (default: the base's feature vertex; a MultiLayerNetwork is always
     * probed at its feature layer); {@link Advise.Ranking#suggestedCut} says where.
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

    /** See {@link Transfer#inputSize}. */
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

    /** Epochs of a run over {@code examples}: at least {@code minEpochs}, and enough for {@code minSteps} steps. */
    static int epochsFor(int examples, int batch, int minEpochs, int minSteps) {
        int perEpoch = (examples + batch - 1) / batch;
        return Math.min(200, Math.max(minEpochs, (minSteps + perEpoch - 1) / perEpoch));
    }

    /** A probed strategy: its label, its plan strategy, whether it is the scratch baseline, the blocks it trains. */
    record Candidate(String label, Strategy strategy, boolean isScratch, List<String> trained) {
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
        // On a MultiLayerNetwork, featureExtraction(layer) freezes through the layer and trains the layers above it: that
        // is fine-tuning, which the last-blocks probes cover. Feature extraction there is at the feature layer.
        String cutAt = cut != null && bm.network() instanceof org.deeplearning4j.nn.graph.ComputationGraph ? cut : bm.names().feature();
        List<Candidate> candidates = candidates(blockNames, cutAt);
        try (TrainingData td = data.open(pre, seed)) {
            int fullTrain = td.size(TrainingData.Split.TRAIN);
            int fullValidation = td.size(TrainingData.Split.VALIDATION);
            DataSet train = balancedOrder(take(td.trainBatches(0, 64, seed), Math.min(probeExamples, fullTrain)), seed);
            DataSet allValidation = balancedOrder(take(td.batches(TrainingData.Split.VALIDATION, 64), Math.min(1000, fullValidation)),
                    seed + 1);
            DataSet validation = allValidation.numExamples() > validationExamples
                    ? (DataSet) allValidation.getRange(0, validationExamples) : allValidation;
            if (train.numExamples() < 2 || validation.numExamples() < 1) {
                throw new IllegalArgumentException("the task needs training and validation examples to probe strategies, got "
                        + train.numExamples() + " and " + validation.numExamples() + "; add images (each class needs a few"
                        + " for validation), or rank only (strategy budget 0)");
            }
            Probes probes = new Probes(td.classes(), train, validation, t0, p);
            int[] sizes = sizes(train.numExamples());
            p.maxHint(candidates.size() * sizes.length + 2L);
            Assessment assess = new Assessment(probes, validation.numExamples(), fullTrain, fullValidation);
            // The transfer strategies first, breadth first: every strategy's largest subset, then the next size down. A
            // budget that runs out leaves each measured where it matters most (a one-point curve is flat, with its
            // binomial error). Then the rates of the strategy they favour; scratch last: it trains every layer, costs
            // the most per step on a large backbone, and is the baseline rather than a way to use the backbone.
            List<Candidate> transfer = candidates.stream().filter(c -> !c.isScratch()).toList();
            probeAll(probes, transfer, sizes);
            List<StrategyAdvice.Curve> transferCurves = assess.curves(transfer);
            Candidate favoured = transferCurves.isEmpty() ? null : find(candidates, assess.choose(transferCurves).chosen().name());
            int[] largest = {0};
            if (favoured != null) {
                largest[0] = probes.done(favoured.label(), learningRate).stream().mapToInt(StrategyAdvice.Probe::examples).max().orElseThrow();
                for (double rate : new double[] {learningRate / 3, learningRate * 3}) {
                    probes.run(favoured, rate, largest[0]);
                }
            }
            probeAll(probes, candidates.stream().filter(Candidate::isScratch).toList(), sizes);
            List<StrategyAdvice.Curve> curves = assess.curves(candidates);
            if (curves.isEmpty()) {
                throw new IllegalStateException("no probe finished within the budget of " + budgetSeconds + " s: "
                        + probes.all + "; raise the budget or lower probeExamples");
            }
            StrategyChoice.Choice choice = assess.choose(curves);
            Candidate chosen = find(candidates, choice.chosen().name());
            if (chosen != favoured) {
                largest[0] = probes.done(chosen.label(), learningRate).stream().mapToInt(StrategyAdvice.Probe::examples).max().orElseThrow();
            }
            List<StrategyAdvice.Probe> atLargest = probes.done(chosen.label()).stream().filter(q -> q.examples() == largest[0]).toList();
            double[] range = rateRange(atLargest, validation.numExamples());
            StrategyAdvice.Curve cc = curves.stream().filter(c -> c.strategy().equals(chosen.label())).findFirst().orElseThrow();
            String text = text(choice, chosen, cc, curves, range,
                    atLargest.stream().mapToDouble(StrategyAdvice.Probe::learningRate).sorted().toArray(), fullTrain);
            var rec = new StrategyAdvice.Recommendation(chosen.label(), chosen.strategy(), chosen.trained(), range[0], range[1],
                    cc.expectedAccuracy(), cc.standardError(), cc.expectedSeconds(), choice.scratchBetter(), choice.scratchAsGood(), text);
            return new StrategyAdvice(base.toString(), cutAt, fullTrain, fullValidation, validation.numExamples(), budgetSeconds,
                    (System.nanoTime() - t0) / 1e9, probes.all, curves, rec);
        }
    }

    private void probeAll(Probes probes, List<Candidate> which, int[] sizes) {
        for (int i = sizes.length - 1; i >= 0; i--) {
            for (Candidate c : which) {
                probes.run(c, learningRate, sizes[i]);
            }
        }
    }

    private static Candidate find(List<Candidate> candidates, String label) {
        return candidates.stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow();
    }

    /** Learning curves, wall times and the choice, from the probes that finished at the base rate. */
    private final class Assessment {
        private final Probes probes;
        private final int validation;
        private final int fullTrain;
        private final int fullValidation;

        Assessment(Probes probes, int validation, int fullTrain, int fullValidation) {
            this.probes = probes;
            this.validation = validation;
            this.fullTrain = fullTrain;
            this.fullValidation = fullValidation;
        }

        List<StrategyAdvice.Curve> curves(List<Candidate> which) {
            int fullEpochs = epochsFor(fullTrain, batchSize, minEpochs, minSteps);
            int stepsPerEpoch = (fullTrain + batchSize - 1) / batchSize;
            List<StrategyAdvice.Curve> curves = new ArrayList<>();
            for (Candidate c : which) {
                List<StrategyAdvice.Probe> done = probes.done(c.label(), learningRate);
                if (done.isEmpty()) {
                    continue;
                }
                LearningCurve lc = LearningCurve.fit(done.stream().map(q -> new LearningCurve.Point(q.examples(),
                        q.validationAccuracy(), validation)).toList());
                LearningCurve.Estimate e = lc.at(fullTrain);
                double seconds = WallTime.fit(probes.times(c.label())).predict(fullTrain, fullValidation, fullEpochs, stepsPerEpoch);
                double measured = done.stream().max(java.util.Comparator.comparingInt(StrategyAdvice.Probe::examples)).orElseThrow()
                        .validationAccuracy();
                double q = (measured * validation + 1) / (validation + 2); // Agresti-Coull: a perfect score is not a certainty
                curves.add(new StrategyAdvice.Curve(c.label(), c.isScratch(), done.size(), lc.scale(), lc.exponent(),
                        e.accuracy(), e.standardError(), seconds, fullEpochs, measured, Math.sqrt(q * (1 - q) / validation)));
            }
            return curves;
        }

        /**
         * Strategies are told apart by the noise of what was measured (the largest probes' binomial error); the
         * extrapolation's own uncertainty is shared by all of them and would make every strategy look alike far from
         * the probes.
         */
        StrategyChoice.Choice choose(List<StrategyAdvice.Curve> curves) {
            return StrategyChoice.choose(curves.stream().map(c -> new StrategyChoice.Option(c.strategy(), c.scratch(),
                    c.expectedAccuracy(), c.largestProbeError(), c.expectedSeconds())).toList());
        }
    }

    private List<Candidate> candidates(List<String> blockNames, String cutAt) {
        List<Candidate> out = new ArrayList<>();
        out.add(new Candidate("feature extraction at " + cutAt, Strategy.featureExtraction(cutAt), false, List.of()));
        for (int b : new TreeSet<>(Arrays.stream(blocks).map(b -> Math.min(b, blockNames.size())).boxed().toList())) {
            if (b < 1) {
                continue;
            }
            out.add(new Candidate(b == 1 ? "fine-tuning the last block" : "fine-tuning the last " + b + " blocks", Strategy.lastBlocks(b), false,
                    blockNames.subList(blockNames.size() - b, blockNames.size())));
        }
        if (scratch) {
            out.add(new Candidate(FROM_SCRATCH, Strategy.scratch(), true, List.of("every layer")));
        }
        return out;
    }

    /** The nested subset sizes: each fraction of the sample, at least 2 examples, distinct, ascending. */
    int[] sizes(int sample) {
        return Arrays.stream(fractions).mapToInt(f -> Math.max(2, (int) Math.round(f * sample))).distinct().sorted().toArray();
    }

    /**
     * The rates whose accuracy is within one binomial standard error of the best rate's: [lowest, highest].
     * Only {@code probes} at one subset size are compared.
     */
    static double[] rateRange(List<StrategyAdvice.Probe> probes, int validation) {
        StrategyAdvice.Probe best = probes.stream().max(java.util.Comparator.comparingDouble(StrategyAdvice.Probe::validationAccuracy))
                .orElseThrow(() -> new IllegalArgumentException("no probe to read a learning rate from"));
        double p = best.validationAccuracy();
        double margin = Math.sqrt(p * (1 - p) / validation);
        double[] ok = probes.stream().filter(q -> q.validationAccuracy() >= p - margin).mapToDouble(StrategyAdvice.Probe::learningRate)
                .sorted().toArray();
        return new double[] {ok[0], ok[ok.length - 1]};
    }

    static String text(StrategyChoice.Choice choice, Candidate chosen, StrategyAdvice.Curve cc,
                               List<StrategyAdvice.Curve> curves, double[] range, double[] probedRates, int fullTrain) {
        StringBuilder sb = new StringBuilder();
        if (choice.scratchBetter()) {
            sb.append("Train from scratch: it beats every transfer strategy beyond the probes' noise. ");
        }
        String rates = probedRates.length > 1 ? String.format("at a learning rate in [%.0e, %.0e]", range[0], range[1])
                : String.format("at a learning rate of %.0e (the only rate probed for it)", range[0]);
        if (probedRates.length > 1 && range[1] == probedRates[probedRates.length - 1]) {
            rates += " (the highest rate probed: a higher one may do better)";
        } else if (probedRates.length > 1 && range[0] == probedRates[0]) {
            rates += " (the lowest rate probed: a lower one may do better)";
        }
        sb.append(String.format("Start with %s%s %s: expected validation accuracy %.3f ± %.3f on all %d training examples,"
                        + " about %.0f s on this machine (up to %d epochs).", chosen.isScratch() ? "training from scratch" : chosen.label(),
                chosen.trained().isEmpty() || chosen.isScratch() ? "" : " (" + String.join(", ", chosen.trained()) + ")",
                rates, cc.expectedAccuracy(), cc.standardError(), fullTrain, cc.expectedSeconds(), cc.fullEpochs()));
        StrategyAdvice.Curve best = curves.stream().filter(c -> c.strategy().equals(choice.mostAccurate().name())).findFirst()
                .orElseThrow();
        if (!best.strategy().equals(chosen.label()) && !best.scratch()) {
            sb.append(String.format(" %s is expected to be %.3f ± %.3f, within the probes' noise, at %.0f s.",
                    capitalised(best.strategy()), best.expectedAccuracy(), best.standardError(), best.expectedSeconds()));
        }
        curves.stream().filter(StrategyAdvice.Curve::scratch).findFirst().filter(s -> !s.strategy().equals(chosen.label()))
                .ifPresent(s -> sb.append(String.format(choice.scratchAsGood()
                        ? " Training from scratch is as good within the probes' noise (%.3f ± %.3f): the pretrained weights buy little here."
                        : " Training from scratch is expected to reach %.3f ± %.3f: the pretrained weights are the better bet.",
                        s.expectedAccuracy(), s.standardError())));
        return sb.toString();
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Up to {@code n} examples from {@code batches}. */
    private static DataSet take(Iterator<DataSet> batches, int n) {
        List<DataSet> parts = new ArrayList<>();
        int have = 0;
        while (batches.hasNext() && have < n) {
            DataSet b = batches.next();
            int k = Math.min(b.numExamples(), n - have);
            parts.add(k == b.numExamples() ? b : (DataSet) b.getRange(0, k));
            have += k;
        }
        if (parts.isEmpty()) {
            return new DataSet(Nd4j.empty(), Nd4j.empty());
        }
        return DataSet.merge(parts);
    }

    /**
     * The examples reordered so that every prefix is class-balanced: each class's examples in a seeded shuffled
     * order, then one of each class in turn. Nested prefixes are the probes' nested subsets.
     */
    static DataSet balancedOrder(DataSet d, long seed) {
        if (d.numExamples() == 0) {
            return d;
        }
        int[] order = balancedOrder(d.getLabels().argMax(1).toIntVector(), seed);
        long[] shape = d.getFeatures().shape();
        INDArray f = Nd4j.pullRows(d.getFeatures().reshape(d.numExamples(), -1), 1, order).reshape(shape);
        return new DataSet(f, Nd4j.pullRows(d.getLabels(), 1, order));
    }

    /** Indices, each class's in a seeded random order, interleaved one class after another. */
    static int[] balancedOrder(int[] labels, long seed) {
        Map<Integer, List<Integer>> byClass = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Random rng = new Random(seed);
        byClass.values().forEach(l -> java.util.Collections.shuffle(l, rng));
        int[] out = new int[labels.length];
        int k = 0;
        for (int round = 0; k < labels.length; round++) {
            for (List<Integer> l : byClass.values()) {
                if (round < l.size()) {
                    out[k++] = l.get(round);
                }
            }
        }
        return out;
    }

    /** The probes run so far, the budget they share, and the data they train on. */
    private final class Probes {
        final List<StrategyAdvice.Probe> all = new ArrayList<>();
        private final Map<String, List<WallTime.Run>> times = new LinkedHashMap<>();
        private final List<String> classes;
        private final DataSet train;
        private final DataSet validation;
        private final long start;
        private final Progress progress;

        Probes(List<String> classes, DataSet train, DataSet validation, long start, Progress progress) {
            this.classes = classes;
            this.train = train;
            this.validation = validation;
            this.start = start;
            this.progress = progress;
        }

        double remaining() {
            return budgetSeconds - (System.nanoTime() - start) / 1e9;
        }

        void run(Candidate c, double rate, int n) {
            int epochs = epochsFor(n, batchSize, minEpochs, minSteps);
            progress.phase(String.format("%s, %d examples, rate %.0e", c.label(), n, rate));
            double estimate = estimate(c.label(), n);
            if (Double.isNaN(estimate)) {
                // nothing of this strategy ran yet: expect it to cost at least what the cheapest finished probe did
                estimate = all.stream().filter(StrategyAdvice.Probe::ran).mapToDouble(StrategyAdvice.Probe::seconds).min().orElse(0);
            }
            if (remaining() <= 0 || estimate > remaining()) {
                all.add(new StrategyAdvice.Probe(c.label(), rate, n, epochs, Double.NaN, 0,
                        String.format("over budget (%.0f s left%s)", Math.max(0, remaining()),
                                estimate > 0 ? String.format(", about %.0f s needed", estimate) : "")));
                progress.step();
                return;
            }
            long t = System.nanoTime();
            try {
                DataSet sub = (DataSet) train.getRange(0, n);
                sub = new DataSet(sub.getFeatures().dup(), sub.getLabels().dup());
                ArrayData d = new ArrayData(classes, Map.of(TrainingData.Split.TRAIN, sub, TrainingData.Split.VALIDATION, validation),
                        fingerprint(sub, validation));
                Transfer tr = Transfer.from(base).strategy(c.strategy()).learningRate(rate).seed(seed).mirror(mirror);
                if (inputSize > 0) {
                    tr.inputSize(inputSize);
                }
                TransferResult r = tr.fit(TaskData.opened(d, "advisor probe"), Fit.epochs(epochs).patience(epochs).batchSize(batchSize)
                        .progressBar(false).listener(TrainingListener.onSteps(step -> {
                            if (remaining() <= 0) {
                                throw new OverBudget();
                            }
                        })));
                double seconds = (System.nanoTime() - t) / 1e9;
                all.add(new StrategyAdvice.Probe(c.label(), rate, n, epochs, r.validationAccuracy(), seconds, null));
                if (rate == learningRate) {
                    List<WallTime.Epoch> ep = r.report().history().stream().map((TrainerState.Epoch e) -> new WallTime.Epoch(e.steps(),
                            e.seconds())).toList();
                    times.computeIfAbsent(c.label(), k -> new ArrayList<>()).add(new WallTime.Run(n, validation.numExamples(), seconds, ep));
                }
                progress.log(String.format("advise: %s on %d examples: validation accuracy %.3f in %.1f s", c.label(), n,
                        r.validationAccuracy(), seconds));
            } catch (OverBudget e) {
                all.add(new StrategyAdvice.Probe(c.label(), rate, n, epochs, Double.NaN, (System.nanoTime() - t) / 1e9,
                        "stopped: the budget ran out"));
            } catch (IOException | RuntimeException e) {
                all.add(new StrategyAdvice.Probe(c.label(), rate, n, epochs, Double.NaN, (System.nanoTime() - t) / 1e9,
                        "failed: " + e.getMessage()));
                progress.log("advise: " + c.label() + " failed: " + e);
            }
            progress.step();
        }

        /**
         * Seconds a probe of {@code label} on {@code n} examples will take: the least of its earlier probes' seconds,
         * each scaled up when it had fewer examples; NaN if none ran (a probe that overruns is stopped anyway).
         */
        double estimate(String label, int n) {
            return all.stream().filter(q -> q.ran() && q.strategy().equals(label))
                    .mapToDouble(q -> q.seconds() * Math.max(1.0, (double) n / q.examples())).min().orElse(Double.NaN);
        }

        List<StrategyAdvice.Probe> done(String label, double rate) {
            return all.stream().filter(q -> q.ran() && q.strategy().equals(label) && q.learningRate() == rate).toList();
        }

        List<StrategyAdvice.Probe> done(String label) {
            return all.stream().filter(q -> q.ran() && q.strategy().equals(label)).toList();
        }

        List<WallTime.Run> times(String label) {
            return times.get(label);
        }
    }

    private static String fingerprint(DataSet train, DataSet validation) {
        MessageDigest d = Sha256.newDigest();
        for (INDArray a : new INDArray[] {train.getFeatures(), train.getLabels(), validation.getFeatures(), validation.getLabels()}) {
            d.update(Arrays.toString(a.shape()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.update(a.dup().data().asBytes());
        }
        return "advisor-probe-" + Sha256.hex(d.digest());
    }

    /** Thrown from a step listener to stop a probe when the budget runs out. */
    private static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget() {
            super("the advisor's budget ran out", null, false, false);
        }
    }
}
