package org.transfer4j.advise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Progress;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.TaskData;
import org.transfer4j.train.TaskDataOpener;
import org.transfer4j.train.TrainingData;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.transfer.Featurizer;
import org.transfer4j.transfer.plan.BatchNormCalibration;
import org.transfer4j.zoo.MergeAxes;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Ranks candidate backbones on the user's own labelled data without fine-tuning anything: each candidate
 * featurizes a seeded sample of the training split at its feature vertex and at earlier block outputs
 * (globally average-pooled; a MultiLayerNetwork's cuts are layer outputs), and each cut is scored with
 * {@link LogMe}. With random controls on, every
 * graph candidate is scored a second time with fresh random weights (BatchNorm statistics calibrated on the
 * sample): a backbone whose pretrained features do not beat their own random twin carries nothing over.
 *
 * <pre>
 *   Advise.Ranking r = Advise.candidates(Base.catalogue("nsfwjs.mobilenetv2"), Base.keras(file)).on(TaskData.folder(dir));
 * </pre>
 */
public final class Advise {
    /** Images the random controls' BatchNorm statistics are calibrated on. */
    static final int CONTROL_CALIBRATION_IMAGES = 16;
    private final List<Base> candidates;
    private int examples = 200;
    private int cuts = 3;
    private boolean randomControls = true;
    private long seed = 1;
    private Progress progress;
    private java.nio.file.Path mirror;
    private int inputSize;

    private Advise(List<Base> candidates) {
        this.candidates = candidates;
    }

    /** The backbones to rank (at least one). */
    public static Advise candidates(Base... bases) {
        if (bases == null || bases.length == 0) {
            throw new IllegalArgumentException("at least one candidate backbone is needed, got none");
        }
        return new Advise(List.of(bases));
    }

    /** How many training examples are featurized per candidate (a seeded sample; default 200). */
    public Advise examples(int n) {
        if (n < 4) {
            throw new IllegalArgumentException("examples must be >= 4, got " + n);
        }
        this.examples = n;
        return this;
    }

    /** Cuts scored per backbone: the feature vertex and up to n - 1 earlier block outputs (default 3). */
    public Advise cutsPerBackbone(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("cutsPerBackbone must be >= 1, got " + n);
        }
        this.cuts = n;
        return this;
    }

    /** Whether every graph candidate is also scored with random weights, as a negative control (default true). */
    public Advise randomControls(boolean on) {
        this.randomControls = on;
        return this;
    }

    public Advise seed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * A directory holding catalogue weight files at their catalogue paths (for example the LeNet study's
     * output, which holds {@code study/source-model/lenet-source.zip}); catalogue candidates load from it.
     */
    public Advise mirror(java.nio.file.Path dir) {
        this.mirror = dir;
        return this;
    }

    /** Feeds the images at {@code side} x {@code side} (see {@code Transfer.inputSize}); default: each base's own size. */
    public Advise inputSize(int side) {
        if (side < 16 || side > 1024) {
            throw new IllegalArgumentException("inputSize must be in [16, 1024], got " + side);
        }
        this.inputSize = side;
        return this;
    }

    public Advise progress(Progress p) {
        this.progress = p;
        return this;
    }

    /**
     * One scored cut of one candidate: LogME, and the leave-one-out accuracy of a ridge probe on the same pooled
     * features ({@link LinearProbe}, the second opinion: what a linear head on these features would classify).
     */
    public record Score(String candidate, String cut, boolean randomControl, int examples, double logMe, double probeAccuracy,
                        double seconds) {
    }

    /** A candidate that could not be scored, and why (the others still are). */
    public record Failure(String candidate, String reason) {
    }

    /** Every score, best first, and the candidates that could not be scored. */
    public record Ranking(List<Score> scores, List<Failure> failures) {
        public Ranking(List<Score> scores) {
            this(scores, List.of());
        }

        public Score best() {
            if (scores.isEmpty()) {
                throw new IllegalStateException("no candidate could be scored: " + failures);
            }
            return scores.get(0);
        }

        /** The best score of {@code candidate} (its pretrained weights, or its random control). */
        public Score bestOf(String candidate, boolean randomControl) {
            return scores.stream().filter(s -> s.candidate().equals(candidate) && s.randomControl() == randomControl)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no score for " + candidate));
        }

        /**
         * Where to cut {@code candidate} (its pretrained weights) for feature extraction: the cut with the best probe
         * accuracy, ties to the higher LogME. LogME ranks backbones; the probe is the better guide between one
         * backbone's cuts (on the pretrained study's task LogME's order of the cuts did not follow feature
         * extraction's accuracy, the probe's did: see the README).
         */
        public Score suggestedCut(String candidate) {
            return scores.stream().filter(s -> s.candidate().equals(candidate) && !s.randomControl())
                    .max(java.util.Comparator.comparingDouble(Score::probeAccuracy).thenComparingDouble(Score::logMe))
                    .orElseThrow(() -> new IllegalArgumentException("no score for " + candidate));
        }

        public String table() {
            StringBuilder sb = new StringBuilder("| rank | candidate | cut | weights | LogME | probe accuracy | examples |\n"
                    + "|---:|---|---|---|---:|---:|---:|\n");
            for (int i = 0; i < scores.size(); i++) {
                Score s = scores.get(i);
                sb.append(String.format("| %d | %s | %s | %s | %.4f | %.3f | %d |%n", i + 1, s.candidate(), s.cut(),
                        s.randomControl() ? "random (control)" : "pretrained", s.logMe(), s.probeAccuracy(), s.examples()));
            }
            for (Failure f : failures) {
                sb.append(String.format("%nnot scored: %s: %s", f.candidate(), f.reason()));
            }
            return sb.toString();
        }
    }

    /**
     * Scores every candidate on {@code data}'s training split. A candidate that does not load, or is not a
     * graph, is listed in {@link Ranking#failures()} with the reason and the others are still scored; data
     * that cannot be ranked (one class, a class with fewer than 2 sampled images) is refused, named.
     */
    public Ranking on(TaskData data) throws IOException {
        CpuHelpers.ensureConfigured();
        Progress p = progress != null ? progress : Progress.logOnly("advise");
        List<Score> all = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (Base base : candidates) {
            try {
                all.addAll(scoreCandidate(base, data, p));
            } catch (UnrankableData e) {
                throw e; // the data's fault, the same for every candidate
            } catch (IOException | RuntimeException e) {
                failures.add(new Failure(base.toString(), Objects.requireNonNullElse(e.getMessage(), e.toString())));
                p.log("advise: " + base + " not scored: " + e.getMessage());
            }
            p.step();
            p.step();
        }
        all.sort((a, b) -> Double.compare(b.logMe(), a.logMe()));
        return new Ranking(List.copyOf(all), List.copyOf(failures));
    }

    private List<Score> scoreCandidate(Base base, TaskData data, Progress p) throws IOException {
        BaseModel bm;
        try {
            bm = BaseModel.load(base, null, null, mirror, seed);
        } catch (IOException | RuntimeException e) {
            throw new IOException("does not load: " + e.getMessage(), e);
        }
        Model net = bm.network();
        if (!(net instanceof ComputationGraph) && !(net instanceof MultiLayerNetwork)) {
            throw new IllegalArgumentException("not a ComputationGraph or MultiLayerNetwork: " + net.getClass().getSimpleName());
        }
        ImagePreprocessing pre = bm.preprocessing() != null ? bm.preprocessing()
                : BaseModel.defaultPreprocessing(bm.names().inputShape());
        pre = inputSize > 0 ? pre.withSize(inputSize) : pre;
        List<String> cutList = cuts(bm.names().blocks(), bm.names().feature(), cuts);
        DataSet sample;
        try (TrainingData td = TaskDataOpener.open(data, pre, seed)) {
            sample = sample(td, examples, seed);
            checkRankable(sample, td.classes());
        } catch (IOException e) {
            throw new UnrankableData("the task's data cannot be read: " + e.getMessage()); // no folder, no class folders
        }
        int numClasses = (int) sample.getLabels().size(1);
        int[] labels = sample.getLabels().argMax(1).toIntVector();
        p.log("advise: " + base + " on " + labels.length + " examples at " + cutList);
        List<Score> out = new ArrayList<>(score(base.toString(), false, net, cutList, sample.getFeatures(), labels, numClasses, pre));
        if (randomControls) {
            Model random;
            if (net instanceof ComputationGraph g) {
                var conf = MergeAxes.cloneOf(g.getConfiguration());
                // init() reseeds ND4J from the configuration, and an imported configuration's seed is the
                // import's clock time (Keras import never sets one): without this the control differs per run.
                conf.getDefaultConfiguration().setSeed(seed);
                ComputationGraph r = new ComputationGraph(conf);
                r.init();
                // 16 images give each channel's statistics over 16 x H x W values; a larger batch costs far more than
                // linearly (one training-mode pass keeps every activation: 100 MobileNetV2 images took 71 s, 16 took 5).
                long n = Math.min(CONTROL_CALIBRATION_IMAGES, sample.numExamples());
                BatchNormCalibration.calibrate(r, sample.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)));
                random = r;
            } else {
                var conf = ((MultiLayerNetwork) net).getLayerWiseConfigurations().clone();
                conf.getConfs().forEach(c -> c.setSeed(seed)); // as above: init() reseeds from the first
                MultiLayerNetwork r = new MultiLayerNetwork(conf);
                r.init();
                random = r;
            }
            out.addAll(score(base.toString(), true, random, cutList, sample.getFeatures(), labels, numClasses, pre));
        }
        return out;
    }

    /** Data that no backbone can be ranked on. */
    static final class UnrankableData extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnrankableData(String message) {
            super(message);
        }
    }

    /** Progress steps {@link #on} reports: two per candidate (its own weights, then its control). */
    public int steps() {
        return 2 * candidates.size();
    }

    /** LogME compares how well features separate classes: at least 2 classes, each with 2 or more examples. */
    static void checkRankable(DataSet sample, List<String> classes) {
        INDArray counts = sample.getLabels().sum(0);
        List<String> present = new ArrayList<>();
        for (int c = 0; c < counts.length(); c++) {
            long n = counts.getLong(c);
            String name = c < classes.size() ? classes.get(c) : "class " + c;
            if (n == 1) {
                throw new UnrankableData("class '" + name + "' has 1 image in the sample of " + sample.numExamples()
                        + "; every class needs at least 2 (add images, or raise examples)");
            }
            if (n > 0) {
                present.add(name);
            }
        }
        if (present.size() < 2) {
            throw new UnrankableData("the task's training sample has " + present.size() + " class " + present
                    + "; ranking backbones needs labelled images of at least 2 classes");
        }
    }

    /** The feature vertex and the blocks at evenly spaced depths before it, shallowest first. */
    static List<String> cuts(List<String> blocks, String feature, int n) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 1; i < n && !blocks.isEmpty(); i++) {
            out.add(blocks.get(Math.max(0, blocks.size() * i / n - 1)));
        }
        out.remove(feature);
        out.add(feature);
        return List.copyOf(out);
    }

    /** Up to {@code n} training examples in epoch 0's seeded order. */
    private static DataSet sample(TrainingData td, int n, long seed) {
        List<DataSet> parts = new ArrayList<>();
        int have = 0;
        Iterator<DataSet> it = td.trainBatches(0, Math.min(n, 32), seed);
        while (it.hasNext() && have < n) {
            DataSet b = it.next();
            int take = (int) Math.min(b.numExamples(), n - have);
            parts.add(take == b.numExamples() ? b : (DataSet) b.getRange(0, take));
            have += take;
        }
        if (have < 2) {
            throw new UnrankableData("the task's training split has " + have + " examples; LogME needs 2 or more");
        }
        return DataSet.merge(parts);
    }

    private static List<Score> score(String name, boolean random, Model net, List<String> cuts, INDArray x,
                                     int[] labels, int numClasses, ImagePreprocessing pre) {
        long t0 = System.nanoTime();
        List<List<INDArray>> pooled = new ArrayList<>();
        cuts.forEach(c -> pooled.add(new ArrayList<>()));
        Featurizer featurizer = Featurizer.of(net, cuts.stream().map(c -> new Featurizer.Cut(c, true)).toList());
        for (long i = 0; i < x.size(0); i += 16) {
            INDArray[] a = featurizer.apply(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, Math.min(x.size(0), i + 16))));
            for (int c = 0; c < cuts.size(); c++) {
                pooled.get(c).add(a[c].castTo(DataType.DOUBLE));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Score> out = new ArrayList<>();
        for (int c = 0; c < cuts.size(); c++) {
            INDArray f = Nd4j.concat(0, pooled.get(c).toArray(INDArray[]::new));
            out.add(new Score(name, cuts.get(c), random, labels.length, LogMe.score(f, labels, numClasses),
                    LinearProbe.score(f, labels, numClasses).accuracy(), seconds));
        }
        return out;
    }
}
