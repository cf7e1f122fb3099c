package org.transfer4j.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.report.RunEnvironment;
import org.transfer4j.common.Json;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.report.TrainingReport;
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
import org.transfer4j.train.TrainingTarget;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.transfer.FeaturizedHead;
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
        CpuHelpers.ensureConfigured();
        BaseModel bm = BaseModel.load(base, names, namesFrom, mirror, optimizer.seed());
        ImagePreprocessing pre = bm.preprocessing() != null ? bm.preprocessing()
                : BaseModel.defaultPreprocessing(bm.names().inputShape());
        pre = inputSize > 0 ? pre.withSize(inputSize) : pre;
        try (TrainingData td = TaskDataOpener.open(data, pre, optimizer.seed())) {
            TransferPlan p = plan(td.classes().size());
            TransferPlan plan = new TransferPlan(p.base(), p.head(), bm.resolve(p.strategy()), p.batchNorm(), p.optimizer());
            String weights = bm.weightsSha256();
            if (base.kind() == Base.Kind.ARCHITECTURE && calibrateBatchNorm && bm.network() instanceof ComputationGraph g) {
                DataSet first = td.batches(TrainingData.Split.TRAIN, Math.max(8, fit.batchSize())).next();
                int n = BatchNormCalibration.calibrate(g, first.getFeatures());
                weights += n > 0 ? ";batchnorm-calibrated-on-first-train-batch" : "";
            }
            return train(bm, plan, weights, pre, td, data.describe(), fit, start);
        }
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
        String boundary = featurizeBoundary(plan.strategy(), bm, first);
        boolean featurize = featurizeCache && boundary != null && !data.augmented();
        TrainingData trainData = data;
        TrainingReport.Featurize feat = null;
        TrainingTarget initial = null;
        if (featurize) {
            try {
                initial = first instanceof ComputationGraph g ? new TrainingTarget.GraphTop(g, boundary)
                        : new TrainingTarget.LayersTop(new FeaturizedHead((MultiLayerNetwork) first));
            } catch (IllegalArgumentException e) {
                // a skip connection crosses the boundary: its activation alone does not determine the top
                LOG.info("training through the whole network instead of on cached activations: {}", e.getMessage());
                featurize = false;
            }
        }
        if (featurize) {
            String key = FeaturizeCache.key(weights, boundary, Json.write(pre)); // each split adds its own fingerprint
            TrainingTarget t = initial;
            FeaturizeCache.Result res = FeaturizeCache.standard().get(key, data, fit.batchSize(), raw -> featurize(t, raw));
            LOG.info("featurized activations {} in {} s (key {})", res.hit() ? "read from the cache" : "computed and cached",
                    String.format("%.1f", res.seconds()), key);
            trainData = res.data();
            feat = new TrainingReport.Featurize(res.hit(), res.seconds(), key);
        } else {
            initial = new TrainingTarget.Whole(first);
        }
        TrainingTarget firstTarget = initial;
        PlanTrainer.Targets targets = new PlanTrainer.Targets() {
            private TrainingTarget unused = firstTarget;

            @Override
            public TrainingTarget initial() {
                TrainingTarget t = unused != null ? unused : new TrainingTarget.Whole(NetworkTransfer.apply(bm.network(), bm.names(), plan));
                unused = null;
                return t;
            }

            @Override
            public TrainingTarget unfreeze(TrainingTarget current, int blocks) {
                return new TrainingTarget.Whole(NetworkTransfer.unfreeze(current.complete(), bm.names(), plan, blocks));
            }
        };
        if (fit.fresh() && fit.checkpoints() != null) {
            deleteCheckpoints(fit.checkpoints());
        }
        PlanTrainer.Result result = PlanTrainer.train(targets, trainData, plan.strategy(), to,
                PlanTrainer.runKey(plan, trainData, to, featurize), fit.hooks());
        Map<String, String> env = RunEnvironment.capture();
        TrainingReport report = new TrainingReport(plan, weights, data.classes(),
                new TrainingReport.Data(source, data.fingerprint(), data.size(TrainingData.Split.TRAIN),
                        data.size(TrainingData.Split.VALIDATION), data.size(TrainingData.Split.TEST), data.skippedFiles()),
                feat, result.state().history(), result.state().bestEpoch(), result.state().stopReason(),
                result.resumedAtEpoch(), scores(result.validation()), scores(result.test()), TransferResult.MODEL_PATH,
                (System.nanoTime() - start) / 1e9, env);
        return new TransferResult(result.target().complete(), report, pre);
    }

    /**
     * The frozen boundary whose activations can be computed once and cached, or null: feature extraction's vertex,
     * and, on a graph, the block below fine-tuning's last blocks. Training the last blocks on cached activations
     * skips the frozen part's forward pass at every step (nothing changes below the boundary: frozen layers, and
     * frozen BatchNorms in inference mode); without augmentation the batches are the same either way.
     */
    private static String featurizeBoundary(Strategy s, BaseModel bm, Model first) {
        if (s instanceof Strategy.FeatureExtraction fe) {
            return fe.vertex() != null ? fe.vertex() : bm.names().feature();
        }
        if (s instanceof Strategy.LastBlocks ft && first instanceof ComputationGraph) {
            return bm.names().freezeVertexForLastBlocks(ft.blocks());
        }
        return null;
    }

    private static TrainingReport.Scores scores(Evaluation e) {
        return e == null ? null : new TrainingReport.Scores(e.examples(), e.accuracy(), e.loss(), e.confusion());
    }

    private static DataSet featurize(TrainingTarget t, DataSet raw) {
        if (t instanceof TrainingTarget.GraphTop g) {
            return g.featurize(raw);
        }
        return new DataSet(((TrainingTarget.LayersTop) t).head().featurize(raw.getFeatures()), raw.getLabels());
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
