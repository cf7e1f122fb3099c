package org.transfer4j.app.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.transfer4j.api.Fit;
import org.transfer4j.api.Transfer;
import org.transfer4j.api.TransferResult;
import org.transfer4j.app.study.StudyReport.Run;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;

/**
 * One arm of the study trained on one K-shot sample and evaluated on the target test set: the arm's
 * {@link Strategy} on the stored source network, run by the library's {@link Transfer} for the study's schedule
 * (at least {@code minEpochs} epochs and {@code minSteps} steps, no validation split). Self-contained so that runs
 * can execute on different threads: each loads its own copy of the source network.
 */
record TargetRun(StudyArm arm, int k, long seed, LabelledImages sample, Path sourceModel, LabelledImages test,
                 StudyOptions o) {

    /** The study's schedule: at least {@code minEpochs} epochs and {@code minSteps} steps, no early stopping. */
    static Fit fit(StudyOptions o) {
        return Fit.epochs(o.minEpochs).minSteps(o.minSteps).batchSize(o.batchSize);
    }

    long steps() {
        return fit(o).stepsFor(sample.size());
    }

    /** The strategy of {@code arm}: what the library runs for it. */
    static Strategy strategy(StudyArm arm, StudyOptions o) {
        return switch (arm) {
            case SCRATCH -> Strategy.scratch();
            case FEATURE_EXTRACTION -> Strategy.featureExtraction(StudyLeNet.FEATURE_VERTEX);
            // Every block trains, at the backbone rate: the backbone rate is the head rate x this factor.
            case FINE_TUNING -> Strategy.lastBlocks(StudyLeNet.names().blocks().size(), o.backboneLearningRate / o.learningRate, 1.0);
        };
    }

    /** The target task's data: the K-shot sample to train on and the test images, no validation (fixed schedule). */
    static TaskData data(LabelledImages sample, LabelledImages test) {
        return TaskData.arrays(sample.toDataSet(), null, test.toDataSet(), classNames(sample.numClasses()));
    }

    static List<String> classNames(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(String::valueOf).toList();
    }

    Run call(Progress progress) throws IOException {
        long t0 = System.nanoTime();
        TransferResult r = Transfer.from(Base.saved(sourceModel)).names(StudyLeNet.names()).strategy(strategy(arm, o))
                .learningRate(o.learningRate).weightDecay(o.l2).seed(seed)
                .fit(data(sample, test), fit(o).progress(Progress.stepsOnly(progress)));
        int steps = r.report().history().stream().mapToInt(e -> e.steps()).sum();
        return new Run(arm, k, seed, r.testAccuracy(), (System.nanoTime() - t0) / 1e9, r.report().history().size(), steps);
    }
}
