package org.transfer4j.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.common.Progress;
import org.transfer4j.common.Sha256;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.ImageSource;
import org.transfer4j.domain.AdaBn;
import org.transfer4j.plan.DomainMethod;
import org.transfer4j.domain.DomainNetworks;
import org.transfer4j.domain.DomainOptions;
import org.transfer4j.domain.DomainTrainer;
import org.transfer4j.plan.Adaptation;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.report.EvaluationReport;
import org.transfer4j.train.ArrayData;
import org.transfer4j.train.Evaluation;
import org.transfer4j.train.FeaturizeCache;
import org.transfer4j.train.TrainingData;
import org.transfer4j.train.TransferTargets;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.transfer.Featurizer;
import org.transfer4j.transfer.plan.NetworkTransfer;

/**
 * {@code Transfer.adapt(...).fit(...)}: domain adaptation over a frozen backbone. The source images and the unlabelled
 * target images are featurized at the plan's feature cut (through the featurize cache), standardised as the head's
 * {@code head_norm} standardises (source statistics; the target's own under AdaBN), and an MLP head trains on them
 * with the method's loss ({@link DomainTrainer}) for the fit's steps. The result is the complete network: the backbone
 * (with target BatchNorm statistics under AdaBN), the head norm, and the trained head copied into the plan's head.
 */
final class Adapter {
    private static final Logger LOG = LoggerFactory.getLogger(Adapter.class);
    /** DL4J BatchNormalization's default eps, which the exported head norm adds to the variance. */
    private static final double EPS = 1e-5;

    /** What the adapted fit produced, for the result and its report. */
    record Outcome(ComputationGraph network, int targetImages, List<String> skippedTargets, int steps,
                   Evaluation validation, Evaluation test, EvaluationReport target, double trainSeconds,
                   boolean featurizeCacheHit, double featurizeSeconds, String featurizeKey) {
    }

    private Adapter() {
    }

    static Outcome fit(BaseModel bm, TransferPlan plan, ImagePreprocessing pre, TrainingData td, Adaptation a, Fit fit,
                       long seed) throws IOException {
        if (!(bm.network() instanceof ComputationGraph base)) {
            throw new IllegalArgumentException("domain adaptation needs a graph base (catalogue, Keras, TF.js, saved graph);"
                    + " this base is a layer stack");
        }
        ComputationGraph full = (ComputationGraph) NetworkTransfer.apply(base, bm.names(), plan);
        List<Featurizer.Cut> cuts = TransferTargets.cuts(bm.names(), plan, full);
        if (cuts.isEmpty()) {
            throw new IllegalArgumentException("domain adaptation trains a head over the frozen backbone: the plan freezes"
                    + " nothing (use Strategy.featureExtraction(), the default)");
        }
        Featurizer.Cut cut = cuts.get(0);
        int batch = fit.batchSize();
        FeaturizeCache cache = FeaturizeCache.standard();
        // AdaBN's premise is that BatchNorm statistics belong to a domain: the head learns on source features computed
        // with the source images' own statistics, and is applied to target features computed with the target's. A head
        // trained on features under the file's (ImageNet) statistics and applied under any others reads other features:
        // with the target set to the source images themselves, accuracy fell from 0.89 to 0.21 before this.
        ComputationGraph sourceBase = base;
        String sourceWeights = bm.weightsSha256();
        if (a.adaBn()) {
            sourceBase = base.clone();
            List<String> rows = new ArrayList<>();
            java.util.Iterator<DataSet> it = td.batches(TrainingData.Split.TRAIN, batch);
            AdaBn.adapt(sourceBase, new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public INDArray next() {
                    INDArray x = it.next().getFeatures();
                    rows.addAll(FeaturizeCache.rowKeys(x));
                    return x;
                }
            });
            sourceWeights += ";adabn-on:" + Sha256.of(String.join(",", rows).getBytes(StandardCharsets.UTF_8));
        }
        FeaturizeCache.Result src = cache.getAll(List.of(TransferTargets.key(sourceWeights, cut, pre)), td, batch,
                Featurizer.of(sourceBase, List.of(cut))::apply).get(0);
        Map<TrainingData.Split, DataSet> s = src.data().splits();
        DataSet train = s.get(TrainingData.Split.TRAIN);

        List<String> skipped = new ArrayList<>();
        boolean readsTarget = a.method().readsTarget() || a.adaBn();
        List<INDArray> images = readsTarget ? targetImages(a, pre, batch, skipped) : List.of();
        int n = images.stream().mapToInt(x -> (int) x.size(0)).sum();
        if (readsTarget && n < 2) {
            throw new IllegalArgumentException("the target " + (a.folder() != null ? "folder " + a.folder() : "iterator")
                    + " holds " + n + " usable image(s): adaptation needs at least 2 unlabelled target images");
        }
        ComputationGraph targetBase = base;
        String targetWeights = bm.weightsSha256();
        if (a.adaBn()) {
            targetBase = base.clone();
            AdaBn.adapt(targetBase, images.iterator());
            // Activations under target statistics are other activations: cached under weights that say so.
            targetWeights += ";adabn-on:" + Sha256.of(String.join(",", images.stream()
                    .flatMap(x -> FeaturizeCache.rowKeys(x).stream()).toList()).getBytes(StandardCharsets.UTF_8));
        }
        INDArray targetF = train.getFeatures(); // source only: never read as target
        if (readsTarget) {
            INDArray targetX = Nd4j.concat(0, images.toArray(INDArray[]::new));
            Map<TrainingData.Split, DataSet> raw = new EnumMap<>(TrainingData.Split.class);
            raw.put(TrainingData.Split.TRAIN, new DataSet(targetX, Nd4j.zeros(targetX.dataType(), n, td.classes().size())));
            targetF = cache.getAll(List.of(TransferTargets.key(targetWeights, cut, pre)),
                    new ArrayData(td.classes(), raw, "target"), batch, Featurizer.of(targetBase, List.of(cut))::apply).get(0)
                    .data().splits().get(TrainingData.Split.TRAIN).getFeatures();
        }

        INDArray[] sourceStats = stats(train.getFeatures());
        INDArray[] targetStats = a.adaBn() ? stats(targetF) : sourceStats;
        int steps = (int) Math.max(1, fit.stepsFor(train.numExamples()));
        DomainOptions o = DomainOptions.defaults(steps, batch).withLearningRate(plan.optimizer().learningRate())
                .withEntropy(a.entropy()).withAdaBn(a.adaBn());
        DomainMethod trained = a.method() == DomainMethod.ADABN ? DomainMethod.SOURCE_ONLY : a.method();
        INDArray x = standardise(train.getFeatures(), sourceStats);
        ComputationGraph head = DomainNetworks.attach(DomainNetworks.head(x.size(1), a.hidden(), td.classes().size(), o, seed),
                DomainNetworks.FEATURES, DomainNetworks.LOGITS, trained, o, x.getRow(0, true));
        long t0 = System.nanoTime();
        Progress progress = fit.hooks().progress() != null ? fit.hooks().progress() : Progress.logOnly("adapt");
        LOG.info("adapting: {} over {} source and {} target images, {} steps", a.describe(), train.numExamples(), n, steps);
        DomainTrainer.train(head, trained, new DomainTrainer.Data(x, train.getLabels(), standardise(targetF, targetStats), null),
                o, seed, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;

        ComputationGraph out = (ComputationGraph) NetworkTransfer.apply(targetBase, bm.names(), plan);
        export(head, out, targetStats);
        Evaluation val = evaluate(head, s.get(TrainingData.Split.VALIDATION), sourceStats);
        Evaluation test = evaluate(head, s.get(TrainingData.Split.TEST), sourceStats);
        EvaluationReport target = a.evaluateOn() == null ? null
                : Predictor.of(out, pre, td.classes()).evaluate(a.evaluateOn());
        return new Outcome(out, n, skipped, steps, val, test, target, seconds, src.hit(), src.seconds(), src.key());
    }

    /** The unlabelled target images, read as the base reads images, in batches; unusable files go to {@code skipped}. */
    private static List<INDArray> targetImages(Adaptation a, ImagePreprocessing pre, int batch, List<String> skipped)
            throws IOException {
        List<INDArray> out = new ArrayList<>();
        if (a.iterator() != null) {
            DataSetIterator it = a.iterator();
            if (it.resetSupported()) {
                it.reset();
            }
            while (it.hasNext()) {
                out.add(it.next().getFeatures().detach());
            }
            return out;
        }
        List<java.nio.file.Path> files = ImageFolder.imageFiles(a.folder());
        ImageSource source = ImageSource.files(files);
        ImageBatches.read(source, pre, batch, (from, x, good, errors) -> {
            for (int k = 0; k < errors.length; k++) {
                if (errors[k] != null) {
                    skipped.add(source.name(from + k) + ": " + errors[k]);
                }
            }
            if (x != null) {
                out.add(x.detach());
            }
        });
        if (!skipped.isEmpty()) {
            LOG.warn("target folder {}: {} file(s) left out as no usable image, e.g. {}", a.folder(), skipped.size(),
                    skipped.get(0));
        }
        return out;
    }

    /** Mean and biased variance per column (the head norm's statistics), in double. */
    static INDArray[] stats(INDArray f) {
        INDArray d = f.castTo(DataType.DOUBLE);
        INDArray mean = d.mean(0);
        INDArray var = Transforms.max(d.var(false, 0), 1e-12, false);
        return new INDArray[] {mean, var};
    }

    /** (f - mean) / sqrt(var + eps): what the exported head norm computes. */
    static INDArray standardise(INDArray f, INDArray[] stats) {
        INDArray sd = Transforms.sqrt(stats[1].add(EPS), true);
        return f.castTo(DataType.DOUBLE).subRowVector(stats[0]).diviRowVector(sd).castTo(f.dataType());
    }

    private static Evaluation evaluate(ComputationGraph head, DataSet d, INDArray[] stats) {
        if (d == null || d.numExamples() == 0) {
            return null;
        }
        int[] y = d.getLabels().argMax(1).toIntVector();
        return Evaluation.ofArrays(b -> head.output(false, b)[0], standardise(d.getFeatures(), stats), y,
                (int) d.getLabels().size(1), 1000);
    }

    /**
     * The trained head's parameters into the plan's head of {@code out}. A cut below the feature layer has a head norm,
     * which takes the statistics; at the feature vertex there is none, and the standardisation is folded into the hidden
     * layer: W (x - m) / s + b = (W / s) x + (b - W m / s), exact up to rounding.
     */
    private static void export(ComputationGraph head, ComputationGraph out, INDArray[] stats) {
        if (out.getConfiguration().getVertices().containsKey(NetworkTransfer.HEAD_NORM)) {
            var norm = out.getLayer(NetworkTransfer.HEAD_NORM);
            DataType type = norm.params().dataType();
            long width = stats[0].length();
            norm.setParam(BatchNormalizationParamInitializer.GLOBAL_MEAN, stats[0].castTo(type).reshape(1, width));
            if (norm.paramTable().containsKey(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
                // As HeadNorm.fit: DL4J squares 10^log10stdev back into the variance and adds eps when it normalises.
                norm.setParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD,
                        Transforms.log(stats[1], 10).muli(0.5).castTo(type).reshape(1, width));
            } else {
                norm.setParam(BatchNormalizationParamInitializer.GLOBAL_VAR, stats[1].castTo(type).reshape(1, width));
            }
            copy(head, DomainNetworks.FEATURES, out, NetworkTransfer.HEAD_HIDDEN);
        } else {
            INDArray w = head.getLayer(DomainNetworks.FEATURES).getParam("W").castTo(DataType.DOUBLE); // [nIn, nOut]
            INDArray b = head.getLayer(DomainNetworks.FEATURES).getParam("b").castTo(DataType.DOUBLE);
            INDArray sd = Transforms.sqrt(stats[1].add(EPS), true).reshape(w.size(0), 1);
            INDArray folded = w.divColumnVector(sd);
            INDArray bias = b.sub(stats[0].reshape(1, w.size(0)).mmul(folded).reshape(b.shape()));
            var dst = out.getLayer(NetworkTransfer.HEAD_HIDDEN);
            dst.setParam("W", folded.castTo(dst.getParam("W").dataType()));
            dst.setParam("b", bias.castTo(dst.getParam("b").dataType()).reshape(dst.getParam("b").shape()));
        }
        copy(head, DomainNetworks.LOGITS, out, NetworkTransfer.HEAD_OUTPUT);
    }

    private static void copy(ComputationGraph from, String a, ComputationGraph to, String b) {
        var src = from.getLayer(a);
        var dst = to.getLayer(b);
        for (String p : List.of("W", "b")) {
            dst.setParam(p, src.getParam(p).castTo(dst.getParam(p).dataType()));
        }
    }
}
