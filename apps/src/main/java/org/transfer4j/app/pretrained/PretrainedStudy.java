package org.transfer4j.app.pretrained;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.report.RunEnvironment;
import org.transfer4j.advise.LogMe;
import org.transfer4j.common.Json;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.plan.Base;
import org.transfer4j.runtime.ParallelRuns;
import org.transfer4j.runtime.Threads;
import org.transfer4j.transfer.BaseModel;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * The README's main job: a real ImageNet backbone (nsfwjs' MobileNetV2, from the catalogue) transferred to
 * Fashion-MNIST's 10 classes with K labelled images per class, against a linear model on the pixels and a
 * LeNet trained from scratch. The backbone's frozen part runs once over every image any run needs, at
 * every cut the methods use ({@link BackboneFeatures}); each run then trains only what it trains.
 */
public final class PretrainedStudy {
    private static final int FEATURIZE_BATCH = 32;
    private static final int SIDE = 28;

    private PretrainedStudy() {
    }

    /** Runs {@code transfer4j pretrained-study} with these arguments (the IDE's entry point). */
    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new PretrainedStudyCommand(), args));
    }

    public static PretrainedReport run(PretrainedStudyOptions o) throws IOException {
        o.validate();
        CpuHelpers.configure();
        long start = System.nanoTime();
        FashionMnist data = FashionMnist.locateAndLoad(o.dataDir);
        LabelledImages train = data.train();
        LabelledImages test = o.testLimit > 0 ? data.test().limit(o.testLimit) : data.test();
        int numClasses = train.numClasses();

        BaseModel base = BaseModel.load(new Base(Base.Kind.CATALOGUE, o.backbone), null, null, 1);
        if (!(base.network() instanceof ComputationGraph backbone)) {
            throw new IllegalArgumentException("backbone " + o.backbone + " is not a graph network; the study cuts graphs");
        }
        List<String> blocks = base.names().blocks();
        if (blocks.size() <= o.fineTuneBlocks) {
            throw new IllegalArgumentException("fine-tune-blocks must be < the backbone's " + blocks.size() + " blocks, got "
                    + o.fineTuneBlocks);
        }
        String lastBlock = blocks.get(blocks.size() - 1);
        List<String> featureCuts = o.cuts != null ? o.cuts : defaultCuts(blocks);
        List<String> stageCuts = new ArrayList<>();
        for (int b = 0; b <= o.fineTuneBlocks; b++) {
            stageCuts.add(blocks.get(blocks.size() - 1 - b));
        }
        ImagePreprocessing pre = base.preprocessing();
        List<Method> methods = methods(featureCuts, o.fineTuneBlocks);

        // Every image any run needs: the largest K-shot sample of each seed (smaller K are its prefixes), and the test images.
        int kMax = o.kValues.stream().mapToInt(Integer::intValue).max().orElseThrow();
        TreeSet<Integer> rows = new TreeSet<>();
        for (long seed : o.seeds) {
            LabelledImages s = KShotSampler.sample(train, kMax, seed);
            for (int i = 0; i < s.size(); i++) {
                rows.add(s.sourceRow(i));
            }
        }
        Map<Integer, Integer> position = new HashMap<>();
        for (int p = 0; p < train.size(); p++) {
            position.put(train.sourceRow(p), p);
        }
        LabelledImages pool = train.select(rows.stream().mapToInt(position::get).toArray());
        Map<Integer, Integer> poolIndex = new HashMap<>();
        for (int i = 0; i < pool.size(); i++) {
            poolIndex.put(pool.sourceRow(i), i);
        }
        INDArray all = Nd4j.concat(0, pool.features(), test.features());

        List<BackboneFeatures.Cut> cuts = new ArrayList<>();
        featureCuts.forEach(c -> cuts.add(new BackboneFeatures.Cut(c, true)));
        stageCuts.forEach(c -> cuts.add(new BackboneFeatures.Cut(c, false)));
        if (!featureCuts.contains(lastBlock)) {
            cuts.add(new BackboneFeatures.Cut(lastBlock, true));
        }
        List<PretrainedRun> tasks = new ArrayList<>();
        long featurizeSteps = BackboneFeatures.batches(all.size(0), FEATURIZE_BATCH);
        List<PretrainedRun.Outcome> outcomes;
        List<PretrainedReport.CutScore> logMe;
        BackboneFeatures.Result features;
        try (Progress progress = Progress.console("pretrained-study", o.progress, featurizeSteps)) {
            progress.phase("featurizing " + all.size(0) + " images");
            features = BackboneFeatures.get(backbone, base.weightsSha256(), cuts, all, SIDE, o.size, pre,
                    BackboneFeatures.fingerprint(all), FEATURIZE_BATCH, o.parallel, progress);
            long headInputs = features.get(lastBlock, true).size(1);
            int nPool = pool.size();
            // What each method trains on, split once into the pool's rows and the test rows (the same for every run).
            Map<Method, List<INDArray>> poolRows = new HashMap<>();
            Map<Method, List<INDArray>> testRows = new HashMap<>();
            int[] testIdx = java.util.stream.IntStream.range(nPool, (int) all.size(0)).toArray();
            for (Method m : methods) {
                List<INDArray> a = inputs(m, features, stageCuts, all);
                poolRows.put(m, a);
                testRows.put(m, a.stream().map(x -> rows(x, testIdx)).toList());
            }
            logMe = new ArrayList<>();
            for (long seed : o.seeds) {
                for (int k : o.kValues.stream().sorted().toList()) {
                    LabelledImages sample = KShotSampler.sample(train, k, seed);
                    int[] idx = new int[sample.size()];
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] = poolIndex.get(sample.sourceRow(i));
                    }
                    // LogME and the ridge probe of each cut's pooled features on this sample: scores before any training.
                    for (String cut : featureCuts) {
                        INDArray f = rows(features.get(cut, true), idx);
                        int[] ridge = org.transfer4j.advise.LinearProbe.fitPredict(f, sample.labels(), numClasses,
                                rows(features.get(cut, true), testIdx));
                        logMe.add(new PretrainedReport.CutScore(cut, k, seed, LogMe.score(f, sample.labels(), numClasses),
                                org.transfer4j.advise.LinearProbe.score(f, sample.labels(), numClasses).accuracy(),
                                accuracy(ridge, test.labels())));
                    }
                    for (Method m : methods) {
                        List<INDArray> x = poolRows.get(m).stream().map(a -> rows(a, idx)).toList();
                        tasks.add(new PretrainedRun(m, k, seed, backbone, stageCuts, lastBlock, pre.layout(), x,
                                sample.oneHotLabels(), testRows.get(m), test.oneHotLabels(), numClasses, headInputs, o));
                    }
                }
            }
            progress.maxHint(featurizeSteps + tasks.stream().mapToLong(PretrainedRun::steps).sum());
            progress.phase("training " + tasks.size() + " runs");
            List<Callable<PretrainedRun.Outcome>> calls = tasks.stream()
                    .<Callable<PretrainedRun.Outcome>>map(t -> () -> t.call(progress)).toList();
            outcomes = ParallelRuns.run(calls, tasks.stream().mapToLong(PretrainedRun::steps).toArray(), o.parallel);
        }
        List<Integer> ks = o.kValues.stream().sorted().toList();
        List<PretrainedReport.Cell> cells = PretrainedReport.cells(methods, ks, outcomes);
        Map<String, String> env = RunEnvironment.capture(Threads.workers(o.parallel, Integer.MAX_VALUE));
        Map<String, Object> options = new LinkedHashMap<>(Json.MAPPER.convertValue(o, Map.class));
        options.put("dataDirectory", data.directory().toAbsolutePath().toString());
        options.put("dataFingerprint", data.fingerprint());
        PretrainedReport report = new PretrainedReport(options,
                new PretrainedReport.Backbone(o.backbone, base.weightsSha256(), Catalogue.builtIn().model(o.backbone).notes(),
                        featureCuts, stageCuts),
                new PretrainedReport.Featurize((int) all.size(0), features.seconds(), features.cacheHit(), features.key()),
                outcomes, cells, PretrainedReport.verdicts(cells, ks), logMe,
                ks.stream().map(k -> PretrainedReport.CutRanking.of(k, featureCuts, logMe, cells)).toList(),
                (System.nanoTime() - start) / 1e9, env);
        Files.createDirectories(o.outputDir);
        PretrainedReportWriter.writeAll(report, o.outputDir);
        return report;
    }

    /** The share of {@code predicted} equal to {@code truth}. */
    static double accuracy(int[] predicted, int[] truth) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return (double) right / truth.length;
    }

    /** The rows {@code idx} of {@code a} (any rank), as a new array. */
    static INDArray rows(INDArray a, int[] idx) {
        long[] shape = a.shape().clone();
        shape[0] = idx.length;
        return a.reshape(a.size(0), a.length() / a.size(0)).getRows(idx).reshape(shape);
    }

    /** Blocks at one third and two thirds of the backbone, the next-to-last block and the last (the head's input). */
    static List<String> defaultCuts(List<String> blocks) {
        int n = blocks.size();
        return new java.util.LinkedHashSet<>(List.of(blocks.get(n / 3), blocks.get(2 * n / 3), blocks.get(n - 2),
                blocks.get(n - 1))).stream().toList();
    }

    static List<Method> methods(List<String> featureCuts, int blocks) {
        List<Method> m = new ArrayList<>(List.of(Method.pixels(), Method.scratch()));
        featureCuts.forEach(c -> m.add(Method.featureExtraction(c)));
        m.add(Method.fineTuning(blocks));
        m.add(Method.gradual(blocks));
        return m;
    }

    /** The arrays a method trains on (rows: the pool's images, then the test images). */
    private static List<INDArray> inputs(Method m, BackboneFeatures.Result f, List<String> stageCuts, INDArray pixels) {
        return switch (m.kind()) {
            case PIXELS_LINEAR, SCRATCH -> List.of(pixels);
            case FEATURE_EXTRACTION -> List.of(f.get(m.cut(), true));
            case FINE_TUNING -> List.of(f.get(stageCuts.get(stageCuts.size() - 1), false));
            case GRADUAL_UNFREEZING -> stageCuts.stream().map(c -> f.get(c, false)).toList();
        };
    }
}
