package org.transfer4j.finetune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.common.Versions;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.image.AugmentationSpec;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.runtime.CpuHelpers;
import org.transfer4j.study.StudyOptions;
import org.transfer4j.study.TransferStudy;
import org.transfer4j.train.FashionData;
import org.transfer4j.train.FeaturizeCache;
import org.transfer4j.train.FolderData;
import org.transfer4j.train.PlanTrainer;
import org.transfer4j.train.TrainerOptions;
import org.transfer4j.train.TrainingData;
import org.transfer4j.train.TrainingTarget;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.transfer.FeaturizedHead;
import org.transfer4j.transfer.plan.BatchNormCalibration;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.transfer.plan.TransferPlan;

import picocli.CommandLine;

/**
 * Fine-tunes a pretrained network on a task, end to end: loads the plan's base, reads the data with
 * the base's preprocessing, applies the plan, featurizes once through the cache when only the head
 * trains, trains with early stopping and per-epoch checkpoints (resuming a killed run), exports the
 * best network with its manifest and writes the report. {@code main} runs it with defaults from the IDE.
 */
public final class FineTune {
    private FineTune() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        FineTuneOptions o = new FineTuneOptions();
        new CommandLine(o).parseArgs(args);
        TrainingReport r = run(o);
        System.out.println(TrainingReportWriter.summary(r));
        System.out.println("Report: " + o.outputDir.resolve(TrainingReportWriter.MARKDOWN).toAbsolutePath());
    }

    public static TrainingReport run(FineTuneOptions o) throws IOException {
        return run(o, null);
    }

    /** As {@link #run(FineTuneOptions)}, with a hook after every training step (tests kill runs there). */
    public static TrainingReport run(FineTuneOptions o, PlanTrainer.StepListener listener) throws IOException {
        return run(o, listener, null);
    }

    /** As {@link #run(FineTuneOptions, PlanTrainer.StepListener)}, with a per-epoch hook that may stop the run. */
    public static TrainingReport run(FineTuneOptions o, PlanTrainer.StepListener listener, PlanTrainer.EpochListener epochs)
            throws IOException {
        long start = System.nanoTime();
        CpuHelpers.configure();
        TransferPlan.Base base = TransferPlan.Base.parse(o.base);
        if (o.base.equals(FineTuneOptions.STUDY_SOURCE) && !Files.isRegularFile(Path.of(base.ref()))) {
            StudyOptions so = new StudyOptions();
            so.dataDir = o.fashionDir;
            so.progress = o.progress;
            System.err.println("[finetune] " + base.ref() + " is missing: pretraining the study's source model first");
            TransferStudy.sourceModel(so);
        }
        BaseModel bm = BaseModel.load(base, o.namesFrom, o.mirror, o.seed);
        ImagePreprocessing pre = bm.preprocessing() != null ? bm.preprocessing()
                : BaseModel.defaultPreprocessing(bm.names().inputShape());
        Files.createDirectories(o.outputDir);
        try (TrainingData data = data(o, pre)) {
            TransferPlan plan = o.plan(data.classes().size());
            String weights = bm.weightsSha256();
            if (base.kind() == TransferPlan.Base.Kind.ARCHITECTURE && o.calibrateBatchNorm
                    && bm.network() instanceof ComputationGraph g) {
                DataSet first = data.batches(TrainingData.Split.TRAIN, Math.max(8, o.batchSize)).next();
                int n = BatchNormCalibration.calibrate(g, first.getFeatures());
                weights += n > 0 ? ";batchnorm-calibrated-on-first-train-batch" : "";
            }
            TrainerOptions to = new TrainerOptions(o.maxEpochs, o.patience, o.batchSize, o.seed,
                    o.outputDir.resolve("checkpoints"), o.progress);
            Model first = NetworkTransfer.apply(bm.network(), bm.names(), plan);
            boolean featurize = o.cache && plan.strategy() instanceof TransferPlan.FeatureExtraction && !data.augmented();
            TrainingData trainData = data;
            TrainingReport.Featurize feat = null;
            TrainingTarget initial;
            if (featurize) {
                initial = first instanceof ComputationGraph g ? new TrainingTarget.GraphTop(g)
                        : new TrainingTarget.LayersTop(new FeaturizedHead((MultiLayerNetwork) first));
                String boundary = ((TransferPlan.FeatureExtraction) plan.strategy()).vertex() != null
                        ? ((TransferPlan.FeatureExtraction) plan.strategy()).vertex() : bm.names().feature();
                String key = FeaturizeCache.key(weights, boundary, Json.write(pre), data.fingerprint());
                TrainingTarget t = initial;
                FeaturizeCache.Result res = FeaturizeCache.standard().get(key, data, o.batchSize, raw -> featurize(t, raw));
                System.err.printf("[finetune] featurized activations %s in %.1f s (key %s)%n",
                        res.hit() ? "read from the cache" : "computed and cached", res.seconds(), key);
                trainData = res.data();
                feat = new TrainingReport.Featurize(res.hit(), res.seconds(), key);
            } else {
                initial = new TrainingTarget.Whole(first);
            }
            PlanTrainer.Targets targets = new PlanTrainer.Targets() {
                private TrainingTarget unused = initial;

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
            if (o.fresh) {
                deleteCheckpoints(to.checkpointDir());
            }
            PlanTrainer.Result result = PlanTrainer.train(targets, trainData, plan, to,
                    PlanTrainer.runKey(plan, trainData, to, featurize), listener, epochs);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("validationAccuracy", result.validation().accuracy());
            metrics.put("validationLoss", result.validation().loss());
            if (result.test() != null) {
                metrics.put("testAccuracy", result.test().accuracy());
                metrics.put("testLoss", result.test().loss());
            }
            Path modelDir = o.outputDir.resolve("model");
            ModelExport.write(result.target().complete(), modelDir, plan, weights, data.classes(), pre, metrics);
            Map<String, String> env = new LinkedHashMap<>(Versions.environment());
            env.put("nd4jBackend", Nd4j.getBackend().getClass().getSimpleName());
            TrainingReport report = new TrainingReport(plan, weights, data.classes(),
                    new TrainingReport.Data(o.data, data.fingerprint(), data.size(TrainingData.Split.TRAIN),
                            data.size(TrainingData.Split.VALIDATION), data.size(TrainingData.Split.TEST), data.skippedFiles()),
                    feat, result.state().history(), result.state().bestEpoch(), result.state().stopReason(),
                    result.resumedAtEpoch(), scores(result.validation()), result.test() == null ? null : scores(result.test()),
                    o.outputDir.relativize(modelDir.resolve(ModelExport.MODEL)).toString(), (System.nanoTime() - start) / 1e9, env);
            TrainingReportWriter.writeAll(report, o.outputDir);
            return report;
        }
    }

    private static TrainingReport.Scores scores(org.transfer4j.train.Evaluation e) {
        return new TrainingReport.Scores(e.examples(), e.accuracy(), e.loss(), e.confusion());
    }

    private static DataSet featurize(TrainingTarget t, DataSet raw) {
        if (t instanceof TrainingTarget.GraphTop g) {
            return g.featurize(raw);
        }
        return new DataSet(((TrainingTarget.LayersTop) t).head().featurize(raw.getFeatures()), raw.getLabels());
    }

    private static TrainingData data(FineTuneOptions o, ImagePreprocessing pre) throws IOException {
        if ("fashion-mnist".equals(o.data)) {
            return FashionData.target(FashionMnist.locateAndLoad(o.fashionDir),
                    o.targetClasses.stream().mapToInt(Integer::intValue).toArray(), o.k, o.validationPerClass, o.seed, o.testLimit);
        }
        Path root = Path.of(o.data);
        if (!Files.isDirectory(root)) {
            throw new java.io.FileNotFoundException("--data " + root.toAbsolutePath() + " is neither 'fashion-mnist' nor a"
                    + " directory of class sub-folders");
        }
        var split = FolderData.splitFor(root, o.outputDir.resolve("split.json"), o.validationFraction, o.testFraction, o.seed);
        AugmentationSpec aug = o.augmentMagnitude > 0 ? AugmentationSpec.randAugment(2, o.augmentMagnitude)
                : o.augment ? AugmentationSpec.standard() : AugmentationSpec.none();
        return new FolderData(root, split, pre, aug);
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
