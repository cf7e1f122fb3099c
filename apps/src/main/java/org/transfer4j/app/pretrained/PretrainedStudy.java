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

import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.api.Transfer;
import org.transfer4j.report.Provenance;
import org.transfer4j.advise.LinearProbe;
import org.transfer4j.advise.LogMe;
import org.transfer4j.common.Json;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.runtime.ParallelRuns;
import org.transfer4j.runtime.Threads;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;

/**
 * The README's main job: a real ImageNet backbone (nsfwjs' MobileNetV2, from the catalogue) transferred to
 * Fashion-MNIST's 10 classes with K labelled images per class, against a linear model on the pixels and a
 * LeNet trained from scratch. Every use of the backbone is a {@link Strategy} run by the library's {@link Transfer}
 * ({@link TransferArm}); the backbone's frozen part runs once over every image any run needs, at every cut the
 * methods use ({@link Transfer#featurize}), and each run then trains only what it trains on those activations.
 */
public final class PretrainedStudy {

    private PretrainedStudy() {
    }

    /** Runs {@code transfer4j pretrained-study} with these arguments (the IDE's entry point). */
    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new PretrainedStudyCommand(), args));
    }

    public static PretrainedReport run(PretrainedStudyOptions o) throws IOException {
        o.validate();
        long start = System.nanoTime();
        FashionMnist data = FashionMnist.locateAndLoad(o.fashionDir);
        ModelEntry model = Catalogue.builtIn().model(o.backbone);
        Provenance provenance = Provenance.of(data.fingerprint(), model.weights().sha256(), o,
                Threads.workers(o.parallel, Integer.MAX_VALUE));
        LabelledImages train = data.train();
        LabelledImages test = o.testLimit > 0 ? data.test().limit(o.testLimit) : data.test();
        int numClasses = train.numClasses();
        List<String> blocks = VertexNames.of(model).blocks();
        if (blocks.size() <= o.fineTuneBlocks) {
            throw new IllegalArgumentException("fine-tune-blocks must be < the backbone's " + blocks.size() + " blocks, got "
                    + o.fineTuneBlocks);
        }
        List<String> featureCuts = o.cuts != null ? o.cuts : defaultCuts(blocks);
        List<String> stageCuts = new ArrayList<>();
        for (int b = 0; b <= o.fineTuneBlocks; b++) {
            stageCuts.add(blocks.get(blocks.size() - 1 - b));
        }
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
        List<String> classes = IntStream.range(0, numClasses).mapToObj(String::valueOf).toList();
        List<TransferArm> arms = new ArrayList<>();
        List<PretrainedRun> baselines = new ArrayList<>();
        List<PretrainedReport.CutScore> logMe = new ArrayList<>();
        List<PretrainedRun.Outcome> outcomes;
        Transfer.Features features;
        try (Progress progress = Progress.console("pretrained-study", o.progress, 0)) {
            // The backbone runs once over every image any run needs, at every cut any method trains above; the runs
            // then read their images' activations from the library's featurize cache.
            progress.phase("featurizing " + (pool.size() + test.size()) + " images");
            Map<Method, Strategy> strategies = new LinkedHashMap<>();
            methods.stream().filter(Method::transfers).forEach(m -> strategies.put(m, new TransferArm(m, kMax, 1, o).strategy()));
            features = TransferArm.transfer(o, 1).featurize(
                    TaskData.arrays(pool.toDataSet(), null, test.toDataSet(), classes), List.copyOf(strategies.values()));
            progress.log(String.format("featurized in %.1f s (%s)", features.seconds(),
                    features.cacheHit() ? "read from the cache" : "computed and cached"));
            int[] testIdx = IntStream.range(0, test.size()).toArray();
            for (long seed : o.seeds) {
                for (int k : o.kValues.stream().sorted().toList()) {
                    LabelledImages sample = KShotSampler.sample(train, k, seed);
                    int[] idx = new int[sample.size()];
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] = poolIndex.get(sample.sourceRow(i));
                    }
                    // LogME and the ridge probe of each cut's pooled features on this sample: scores before any training.
                    for (String cut : featureCuts) {
                        TaskData.Arrays f = features.of(strategies.get(Method.featureExtraction(cut)));
                        INDArray x = rows(f.train().getFeatures(), idx);
                        int[] ridge = LinearProbe.fitPredict(x, sample.labels(), numClasses, rows(f.test().getFeatures(), testIdx));
                        logMe.add(new PretrainedReport.CutScore(cut, k, seed, LogMe.score(x, sample.labels(), numClasses),
                                LinearProbe.score(x, sample.labels(), numClasses).accuracy(), accuracy(ridge, test.labels())));
                    }
                    for (Method m : methods) {
                        if (m.transfers()) {
                            arms.add(new TransferArm(m, k, seed, o));
                        } else {
                            baselines.add(new PretrainedRun(m, k, seed, sample.features(), sample.oneHotLabels(), test.features(),
                                    test.oneHotLabels(), numClasses, o));
                        }
                    }
                }
            }
            List<Callable<PretrainedRun.Outcome>> calls = new ArrayList<>();
            List<Long> cost = new ArrayList<>();
            baselines.forEach(b -> {
                calls.add(() -> b.call(progress));
                cost.add(b.steps());
            });
            arms.forEach(a -> {
                calls.add(() -> a.call(progress));
                cost.add(a.steps());
            });
            progress.maxHint(cost.stream().mapToLong(Long::longValue).sum());
            progress.phase("training " + calls.size() + " runs");
            outcomes = ParallelRuns.run(calls, cost.stream().mapToLong(Long::longValue).toArray(), o.parallel);
        }
        List<Integer> ks = o.kValues.stream().sorted().toList();
        List<PretrainedReport.Cell> cells = PretrainedReport.cells(methods, ks, outcomes);
        Map<String, Object> options = new LinkedHashMap<>(Json.MAPPER.convertValue(o, Map.class));
        options.put("dataDirectory", data.directory().toAbsolutePath().toString());
        options.put("dataFingerprint", data.fingerprint());
        PretrainedReport report = new PretrainedReport(options,
                new PretrainedReport.Backbone(o.backbone, model.weights().sha256(), model.notes(), featureCuts, stageCuts),
                new PretrainedReport.Featurize(pool.size() + test.size(), features.seconds(), features.cacheHit(), null),
                outcomes, cells, PretrainedReport.verdicts(cells, ks), logMe,
                ks.stream().map(k -> PretrainedReport.CutRanking.of(k, featureCuts, logMe, cells)).toList(),
                (System.nanoTime() - start) / 1e9, provenance);
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
}
