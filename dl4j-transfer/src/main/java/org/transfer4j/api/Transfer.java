package org.transfer4j.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.report.Provenance;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.report.TrainingReport;
import org.transfer4j.plan.Adaptation;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.train.Evaluation;
import org.transfer4j.train.FeaturizeCache;
import org.transfer4j.train.PlanTrainer;
import org.transfer4j.train.TrainerOptions;
import org.transfer4j.train.TaskDataOpener;
import org.transfer4j.train.TrainingData;
import org.transfer4j.train.TransferTargets;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.transfer.Featurizer;
import org.transfer4j.transfer.plan.BatchNormCalibration;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * The entry point of the library: from a pretrained base to a trained, evaluated, saved model.
 *
 * <pre>{@code
 * TransferResult r = Transfer.from(Base.catalogue("resnet50.imagenet"))
 *         .strategy(Strategy.lastBlocks(2))
 *         .fit(TaskData.folder(Path.of("photos")), Fit.epochs(10).patience(3));
 * r.save(Path.of("runs/photos"));   // model.zip + manifest + report
 * }</pre>
 *
 * Every option has a default (feature extraction, a softmax head, Adam at 1e-3 with L2 5e-4, BatchNorm
 * {@link BatchNormPolicy#AUTO}, seed 1); a bad value is refused when it is set, with the value quoted.
 * DL4J's oneDNN layer helpers are switched on before the base is loaded (see {@link CpuHelpers}).
 */
public final class Transfer {
    private static final Logger LOG = LoggerFactory.getLogger(Transfer.class);

    private final Base base;
    private Strategy strategy = Strategy.featureExtraction();
    private Head head = new Head(2, 0, 0);
    private Optimizer optimizer = new Optimizer(Optimizer.Updater.ADAM, 1e-3, 1.0, 5e-4, 1);
    private BatchNormPolicy batchNorm = BatchNormPolicy.AUTO;
    private VertexNames names;
    private String namesFrom;
    private Path mirror;
    private boolean calibrateBatchNorm = true;
    private boolean featurizeCache = true;
    private int inputSize;
    private Adaptation adaptation;

    private Transfer(Base base) {
        this.base = base;
    }

    /** Starts from a base: {@link Base#catalogue}, {@link Base#architecture}, {@link Base#keras}, {@link Base#saved}. */
    public static Transfer from(Base base) {
        if (base == null) {
            throw new IllegalArgumentException("a base is required, e.g. Base.catalogue(\"resnet50.imagenet\")");
        }
        return new Transfer(base);
    }

    /** {@link Strategy#featureExtraction()} (default), {@link Strategy#lastBlocks}, {@link Strategy#gradual}, ... */
    public Transfer strategy(Strategy s) {
        if (s == null) {
            throw new IllegalArgumentException("strategy must not be null");
        }
        this.strategy = s;
        return this;
    }

    /** A hidden ReLU layer of {@code hiddenUnits} (0 = none, the default) with dropout before the softmax. */
    public Transfer head(int hiddenUnits, double dropout) {
        this.head = new Head(2, hiddenUnits, dropout);
        return this;
    }

    /** The head's learning rate (default 1e-3); backbone rates derive from it. */
    public Transfer learningRate(double rate) {
        optimizer = new Optimizer(optimizer.updater(), rate, optimizer.lrDecayPerEpoch(), optimizer.weightDecay(),
                optimizer.seed());
        return this;
    }

    /** ADAM (default), NESTEROVS or SGD. */
    public Transfer updater(Optimizer.Updater updater) {
        optimizer = new Optimizer(updater, optimizer.learningRate(), optimizer.lrDecayPerEpoch(),
                optimizer.weightDecay(), optimizer.seed());
        return this;
    }

    /** Learning-rate multiplier per epoch (default 1: constant). */
    public Transfer learningRateDecay(double perEpoch) {
        optimizer = new Optimizer(optimizer.updater(), optimizer.learningRate(), perEpoch,
                optimizer.weightDecay(), optimizer.seed());
        return this;
    }

    /** L2 on every trained layer (default 5e-4). */
    public Transfer weightDecay(double l2) {
        optimizer = new Optimizer(optimizer.updater(), optimizer.learningRate(), optimizer.lrDecayPerEpoch(), l2,
                optimizer.seed());
        return this;
    }

    /** Seeds the head's weights, the split, the batch order, dropout and augmentation (default 1). */
    public Transfer seed(long seed) {
        optimizer = new Optimizer(optimizer.updater(), optimizer.learningRate(), optimizer.lrDecayPerEpoch(),
                optimizer.weightDecay(), seed);
        return this;
    }

    /** {@link BatchNormPolicy#AUTO} (default) or {@link BatchNormPolicy#REQUIRE_FROZEN}. */
    public Transfer batchNorm(BatchNormPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("batchNorm policy must not be null, one of "
                    + java.util.Arrays.toString(BatchNormPolicy.values()));
        }
        this.batchNorm = policy;
        return this;
    }

    /** The feature vertex, classifier and blocks of a Keras or saved base, given outright. */
    public Transfer names(VertexNames vertexNames) {
        this.names = vertexNames;
        return this;
    }

    /** The feature vertex, classifier and blocks of a Keras or saved base, from a catalogue model or architecture. */
    public Transfer namesFrom(String catalogueModelOrArchitecture) {
        this.namesFrom = catalogueModelOrArchitecture;
        return this;
    }

    /** A directory mirroring the catalogue's weight files, for catalogue bases offline. */
    public Transfer mirror(Path directory) {
        this.mirror = directory;
        return this;
    }

    /**
     * Architecture bases only: set BatchNorm statistics from the first training batch (default true); DL4J's
     * {@code init()} leaves them at 0/1, which overflow in inference mode.
     */
    public Transfer calibrateBatchNorm(boolean calibrate) {
        this.calibrateBatchNorm = calibrate;
        return this;
    }

    /** Feature extraction: keep the frozen part's activations on disk and reuse them (default true). */
    public Transfer featurizeCache(boolean use) {
        this.featurizeCache = use;
        return this;
    }

    /**
     * Feeds the images at {@code side} x {@code side} instead of the base's own input size (default: the base's):
     * for fully convolutional backbones with global pooling, such as MobileNetV2 and InceptionV3, smaller images
     * train several times faster (the pretrained study runs MobileNetV2 at 96 x 96).
     */
    public Transfer inputSize(int side) {
        if (side < 16 || side > 1024) {
            throw new IllegalArgumentException("inputSize must be in [16, 1024], got " + side);
        }
        this.inputSize = side;
        return this;
    }

    /**
     * Adapts to an unlabelled target domain while fitting on the labelled source data (see {@link Adaptation}): the
     * backbone stays frozen at its feature cut and a head of {@code adaptation.hidden()} units trains with the method's
     * loss for the fit's epochs' worth of steps, with no early stopping (the final model is kept). Graph bases and
     * feature extraction only; the report's validation and test scores are the source domain's.
     */
    public Transfer adapt(Adaptation a) {
        if (a == null) {
            throw new IllegalArgumentException("adaptation must not be null, e.g. Adaptation.to(Path.of(\"target-photos\"))");
        }
        this.adaptation = a;
        return this;
    }

    /** The plan these settings make for a task with {@code numClasses} classes. */
    public TransferPlan plan(int numClasses) {
        return new TransferPlan(base, new Head(numClasses, head.hidden(), head.dropout()), strategy, batchNorm,
                optimizer);
    }

    /** Loads the base, adapts it to {@code data} and trains it as {@code fit} says; returns the best epoch's model. */
    public TransferResult fit(TaskData data, Fit fit) throws IOException {
        if (data == null || fit == null) {
            throw new IllegalArgumentException("data and fit are required, e.g. TaskData.folder(dir), Fit.epochs(10)");
        }
        long start = System.nanoTime();
        TaskDataOpener.check(data); // a folder no classifier can learn from is refused before the network loads
        BaseModel bm = load();
        ImagePreprocessing pre = preprocessing(bm);
        try (TrainingData td = TaskDataOpener.open(data, pre, optimizer.seed())) {
            TransferPlan p = plan(td.classes().size());
            TransferPlan plan = new TransferPlan(p.base(), p.head(), bm.resolve(p.strategy()), p.batchNorm(), p.optimizer());
            if (adaptation != null) {
                TransferPlan adapted = new TransferPlan(p.base(), new Head(td.classes().size(), adaptation.hidden(), 0),
                        plan.strategy(), p.batchNorm(), p.optimizer());
                return adapted(bm, adapted, pre, td, data.describe(), fit, start);
            }
            return train(bm, plan, weights(bm, td, fit.batchSize()), pre, td, data.describe(), fit, start);
        }
    }

    /**
     * What {@link #featurize} computed: per strategy, the activations its head reads first (as in-memory task data,
     * split as the data was), whether every one of them came from the featurize cache, and the seconds it took.
     */
    public record Features(Map<Strategy, TaskData> byStrategy, boolean cacheHit, double seconds) {
        public Features {
            byStrategy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byStrategy));
        }

        /** The activations {@code s}'s head reads first; refused, naming it, for a strategy not featurized. */
        public TaskData.Arrays of(Strategy s) {
            TaskData d = byStrategy.get(s);
            if (d == null) {
                throw new IllegalArgumentException(s.describe() + " was not featurized; featurized: " + byStrategy.keySet());
            }
            return (TaskData.Arrays) d;
        }
    }

    /**
     * Computes the frozen activations that each of {@code strategies} trains on (feature extraction's cut, pooled where
     * it holds feature maps; fine-tuning's boundary; every stage of gradual unfreezing), for all of {@code data}'s
     * images in one pass of the base, and caches them: later fits of these strategies on any of these images (a
     * K-shot sample of them, their test split under another training sample) skip the backbone. Answers, per
     * strategy, the activations its head reads first, as in-memory task data (the features a probe or LogME scores).
     * Graph bases only: a MultiLayerNetwork base featurizes inside {@link #fit}.
     */
    public Features featurize(TaskData data, List<Strategy> strategies) throws IOException {
        if (data == null || strategies == null || strategies.isEmpty()) {
            throw new IllegalArgumentException("data and at least one strategy are required");
        }
        TaskDataOpener.check(data); // a folder no classifier can learn from is refused before the network loads
        BaseModel bm = load();
        ImagePreprocessing pre = preprocessing(bm);
        try (TrainingData td = TaskDataOpener.open(data, pre, optimizer.seed())) {
            List<Featurizer.Cut> cuts = new ArrayList<>();
            Map<Strategy, Featurizer.Cut> first = new LinkedHashMap<>();
            for (Strategy s : strategies) {
                TransferPlan p = new TransferPlan(base, new Head(td.classes().size(), head.hidden(), head.dropout()),
                        bm.resolve(s), batchNorm, optimizer);
                List<Featurizer.Cut> c = TransferTargets.cuts(bm.names(), p, NetworkTransfer.apply(bm.network(), bm.names(), p));
                if (c.isEmpty()) {
                    throw new IllegalArgumentException(s.describe() + " trains the whole network, or the base is not a graph:"
                            + " there is nothing frozen to featurize");
                }
                first.put(s, c.get(0));
                c.stream().filter(x -> !cuts.contains(x)).forEach(cuts::add);
            }
            String weights = weights(bm, td, Fit.DEFAULT_BATCH_SIZE);
            ImagePreprocessing p = pre;
            List<String> keys = cuts.stream().map(c -> TransferTargets.key(weights, c, p)).toList();
            Featurizer f = Featurizer.of(bm.network(), cuts);
            List<FeaturizeCache.Result> got = FeaturizeCache.standard().getAll(keys, td, Fit.DEFAULT_BATCH_SIZE, f::apply);
            Map<Strategy, TaskData> out = new LinkedHashMap<>();
            first.forEach((s, c) -> {
                Map<TrainingData.Split, DataSet> sp = got.get(cuts.indexOf(c)).data().splits();
                out.put(s, TaskData.arrays(sp.get(TrainingData.Split.TRAIN), sp.get(TrainingData.Split.VALIDATION),
                        sp.get(TrainingData.Split.TEST), td.classes()));
            });
            boolean hit = got.stream().allMatch(FeaturizeCache.Result::hit);
            LOG.info("featurized {} cut(s) for {} strategies in {} s ({})", cuts.size(), strategies.size(),
                    String.format("%.1f", got.get(0).seconds()), hit ? "read from the cache" : "computed and cached");
            return new Features(out, hit, got.get(0).seconds());
        }
    }

    /**
     * The identity of the weights the run starts from. An architecture base's BatchNorm statistics are first set from
     * the first training batch (DL4J's {@code init()} leaves them at 0/1, which overflow in inference mode), which the
     * identity then says, so activations computed with them are cached apart.
     */
    private String weights(BaseModel bm, TrainingData td, int batchSize) {
        String weights = bm.weightsSha256();
        if (base.kind() == Base.Kind.ARCHITECTURE && calibrateBatchNorm && bm.network() instanceof ComputationGraph g) {
            DataSet first = td.batches(TrainingData.Split.TRAIN, Math.max(8, batchSize)).next();
            int n = BatchNormCalibration.calibrate(g, first.getFeatures());
            // Which batch set the statistics: another task's first batch gives other statistics, hence other activations.
            weights += n > 0 ? ";batchnorm-calibrated-on:" + org.transfer4j.common.Sha256.of(String.join(",",
                    org.transfer4j.train.FeaturizeCache.rowKeys(first.getFeatures())).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : "";
        }
        return weights;
    }

    /** The base, loaded with DL4J's oneDNN helpers switched on. */
    private BaseModel load() throws IOException {
        CpuHelpers.ensureConfigured();
        return BaseModel.load(base, names, namesFrom, mirror, optimizer.seed());
    }

    /** How images are fed to the base: its own preprocessing (or the default for its input), at {@link #inputSize}. */
    private ImagePreprocessing preprocessing(BaseModel bm) {
        ImagePreprocessing pre = bm.preprocessing() != null ? bm.preprocessing()
                : BaseModel.defaultPreprocessing(bm.names().inputShape());
        return inputSize > 0 ? pre.withSize(inputSize) : pre;
    }

    private TransferResult train(BaseModel bm, TransferPlan plan, String weights, ImagePreprocessing pre, TrainingData data,
                                 String source, Fit fit, long start) throws IOException {
        if (fit.hooks().pauseAt() != Integer.MAX_VALUE && fit.checkpoints() == null) {
            throw new IllegalArgumentException("pauseAfter(" + fit.hooks().pauseAt() + ") needs checkpoints(dir): a paused run"
                    + " goes on from its checkpoint");
        }
        TrainerOptions to = new TrainerOptions(fit.epochsAt(data.stepsPerEpoch(fit.batchSize())), fit.patience(), fit.batchSize(), optimizer.seed(),
                fit.checkpoints(), fit.progressBar());
        Model first = NetworkTransfer.apply(bm.network(), bm.names(), plan);
        TransferTargets targets = new TransferTargets(bm.network(), bm.names(), plan, first, pre, weights, data,
                fit.batchSize(), featurizeCache, FeaturizeCache.standard());
        if (fit.fresh() && fit.checkpoints() != null) {
            deleteCheckpoints(fit.checkpoints());
        }
        Provenance provenance = Provenance.of(data.fingerprint(), weights, plan); // before the work, carried into the report
        TransferTargets.Featurized featurized = targets.featurized();
        PlanTrainer.Result result = PlanTrainer.train(targets, data, plan.strategy(), to,
                PlanTrainer.runKey(plan, data, to, featurized != null), fit.hooks());
        TransferTargets.Featurized f = targets.featurized();
        TrainingReport.Featurize feat = f == null ? null : new TrainingReport.Featurize(f.cacheHit(), f.seconds(), f.key());
        TrainingReport report = new TrainingReport(plan, weights, data.classes(),
                new TrainingReport.Data(source, data.fingerprint(), data.usable(TrainingData.Split.TRAIN),
                        data.usable(TrainingData.Split.VALIDATION), data.usable(TrainingData.Split.TEST), data.skipped()),
                feat, result.state().history(), result.state().bestEpoch(), result.state().stopReason(),
                result.resumedAtEpoch(), scores(result.validation()), scores(result.test()), TransferResult.MODEL_PATH,
                (System.nanoTime() - start) / 1e9, provenance);
        if (!report.data().skipped().isEmpty()) {
            LOG.warn("{}: {} file(s) left out as no usable image: {}", source, report.data().skipped().size(),
                    org.transfer4j.train.BadFiles.list(report.data().skipped(), 5));
        }
        return new TransferResult(result.target().complete(), report, pre);
    }

    private TransferResult adapted(BaseModel bm, TransferPlan plan, ImagePreprocessing pre, TrainingData data, String source,
                                   Fit fit, long start) throws IOException {
        Provenance provenance = Provenance.of(data.fingerprint(), bm.weightsSha256(), plan);
        Adapter.Outcome o = Adapter.fit(bm, plan, pre, data, adaptation, fit, optimizer.seed());
        Evaluation v = o.validation();
        var epoch = new org.transfer4j.plan.TrainingListener.EpochInfo(1, 0, o.steps(), Double.NaN,
                v == null ? Double.NaN : v.accuracy(), v == null ? Double.NaN : v.loss(), o.trainSeconds(),
                List.of(NetworkTransfer.HEAD_HIDDEN, NetworkTransfer.HEAD_OUTPUT));
        TrainingReport.Scores target = o.target() == null ? null
                : new TrainingReport.Scores(o.target().examples(), o.target().accuracy(), Double.NaN, o.target().confusion());
        TrainingReport report = new TrainingReport(plan, bm.weightsSha256(), data.classes(),
                new TrainingReport.Data(source, data.fingerprint(), data.usable(TrainingData.Split.TRAIN),
                        data.usable(TrainingData.Split.VALIDATION), data.usable(TrainingData.Split.TEST), data.skipped()),
                new TrainingReport.Featurize(o.featurizeCacheHit(), o.featurizeSeconds(), o.featurizeKey()), List.of(epoch), 1,
                "fixed steps: domain adaptation keeps the final model", 0, scores(v), scores(o.test()),
                TransferResult.MODEL_PATH, (System.nanoTime() - start) / 1e9, provenance,
                new TrainingReport.Adapted(adaptation.describe(), adaptation.folder() != null ? adaptation.folder().toString()
                        : "an iterator", o.targetImages(), o.skippedTargets(), o.steps(), target,
                        adaptation.evaluateOn() == null ? null : adaptation.evaluateOn().toString()));
        return new TransferResult(o.network(), report, pre);
    }

    private static TrainingReport.Scores scores(Evaluation e) {
        return e == null ? null : new TrainingReport.Scores(e.examples(), e.accuracy(), e.loss(), e.confusion());
    }

    private static void deleteCheckpoints(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
