package org.transfer4j.app.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.transfer4j.report.Provenance;
import org.transfer4j.common.Json;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.app.study.StudyReport.Run;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.runtime.Threads;


/**
 * The project's main job: a Fashion-MNIST transfer study. Pretrains a LeNet on the source classes,
 * then, for each seed and K, trains from scratch, by feature extraction and by fine-tuning on K
 * labelled images per target class, and evaluates on every target test image.
 */
public final class TransferStudy {
    private TransferStudy() {
    }

    /** Runs {@code transfer4j study} with these arguments (the IDE's entry point). */
    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new StudyCommand(), args));
    }

    public static StudyReport run(StudyOptions o) throws IOException {
        o.validate();
        CpuHelpers.configure();
        long start = System.nanoTime();
        FashionMnist data = FashionMnist.locateAndLoad(o.fashionDir);
        Provenance provenance = Provenance.of(data.fingerprint(), null, optionsMap(o, data),
                Threads.workers(o.parallel, Integer.MAX_VALUE));
        LabelledImages sourceTrain = limit(data.train().withClasses(o.sourceClassArray()), o.sourceTrainLimit);
        LabelledImages sourceTest = limit(data.test().withClasses(o.sourceClassArray()), o.testLimit);
        LabelledImages targetTrain = data.train().withClasses(o.targetClassArray());
        LabelledImages targetTest = limit(data.test().withClasses(o.targetClassArray()), o.testLimit);
        Files.createDirectories(o.outputDir);

        Path sourceDir = sourceDir(o);
        Map<String, Object> protocol = SourceModel.protocol(o, data.fingerprint());
        SourceModel.Result source = o.retrainSource ? null : SourceModel.loadIfValid(sourceDir, protocol);
        long pretrainSteps = source != null ? 0
                : SourceModel.steps(o, sourceTrain.size());

        List<Run> runs;
        try (Progress progress = Progress.console("study", o.progress, pretrainSteps + targetSteps(o))) {
            if (source == null) {
                source = SourceModel.train(sourceDir, o, protocol, sourceTrain, sourceTest, progress);
            } else {
                progress.log("reusing source model " + sourceDir.resolve(SourceModel.MODEL_FILE) + " (test accuracy "
                        + source.manifest().sourceTestAccuracy() + ")");
            }
            List<TargetRun> tasks = new ArrayList<>();
            for (long seed : o.seeds) {
                for (int k : o.kValues.stream().sorted().toList()) {
                    LabelledImages sample = KShotSampler.sample(targetTrain, k, seed);
                    for (StudyArm s : StudyArm.values()) {
                        tasks.add(new TargetRun(s, k, seed, sample, sourceDir.resolve(SourceModel.MODEL_FILE), targetTest, o));
                    }
                }
            }
            runs = runAll(tasks, o.parallel, progress);
        }
        List<StudyReport.Cell> cells = StudyReport.cells(runs, o.kValues.stream().sorted().toList());
        SourceModel.Manifest m = source.manifest();
        StudyReport report = new StudyReport(optionsMap(o, data), new StudyReport.Source(source.reused(),
                m.sourceTestAccuracy(), m.trainSeconds(), m.imagesPerSecond(), m.sha256()), runs, cells,
                StudyReport.verdicts(cells, o.kValues.stream().sorted().toList()),
                (System.nanoTime() - start) / 1e9, provenance);
        StudyReportWriter.writeAll(report, o.outputDir);
        return report;
    }

    /**
     * Runs the tasks on a pool of workers, longest first so that the pool stays busy to the end, and
     * returns the results in task order. Each run is deterministic for its seed whatever the pool size,
     * as long as each native op uses the same number of threads.
     */
    static List<Run> runAll(List<TargetRun> tasks, int parallel, Progress progress) throws IOException {
        List<java.util.concurrent.Callable<Run>> calls = tasks.stream()
                .<java.util.concurrent.Callable<Run>>map(t -> () -> t.call(progress)).toList();
        return org.transfer4j.runtime.ParallelRuns.run(calls, tasks.stream().mapToLong(TargetRun::steps).toArray(), parallel);
    }

    private static long targetSteps(StudyOptions o) {
        long total = 0;
        for (int k : o.kValues) {
            int n = k * o.targetClasses.size();
            total += TargetRun.fit(o).stepsFor(n) * StudyArm.values().length;
        }
        return total * o.seeds.size();
    }

    static Path sourceDir(StudyOptions o) {
        return o.outputDir.resolve("source-model");
    }

    /**
     * The study's source model for {@code o}: the stored one if it is valid, else pretrained now and
     * stored (what {@code run} does first, for callers that need only the source model).
     */
    public static SourceModel.Result sourceModel(StudyOptions o) throws IOException {
        o.validate();
        CpuHelpers.configure();
        FashionMnist data = FashionMnist.locateAndLoad(o.fashionDir);
        Map<String, Object> protocol = SourceModel.protocol(o, data.fingerprint());
        SourceModel.Result stored = SourceModel.loadIfValid(sourceDir(o), protocol);
        if (stored != null) {
            return stored;
        }
        LabelledImages train = limit(data.train().withClasses(o.sourceClassArray()), o.sourceTrainLimit);
        LabelledImages test = limit(data.test().withClasses(o.sourceClassArray()), o.testLimit);
        Files.createDirectories(sourceDir(o));
        try (Progress progress = Progress.console("study", o.progress,
                SourceModel.steps(o, train.size()))) {
            return SourceModel.train(sourceDir(o), o, protocol, train, test, progress);
        }
    }

    private static LabelledImages limit(LabelledImages images, int limit) {
        return limit > 0 ? images.limit(limit) : images;
    }

    private static Map<String, Object> optionsMap(StudyOptions o, FashionMnist data) {
        Map<String, Object> m = new LinkedHashMap<>(Json.MAPPER.convertValue(o, Map.class));
        m.put("dataDirectory", data.directory().toAbsolutePath().toString());
        m.put("dataFingerprint", data.fingerprint());
        return m;
    }
}
