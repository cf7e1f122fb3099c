package org.transfer4j.app.pretrained;

import java.io.IOException;
import java.util.stream.IntStream;

import org.transfer4j.api.Fit;
import org.transfer4j.api.Transfer;
import org.transfer4j.api.TransferResult;
import org.transfer4j.common.Progress;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;

/**
 * One use of the pretrained backbone in the study (feature extraction at a cut, fine-tuning the last blocks, gradual
 * unfreezing) on one K-shot sample: the method's {@link Strategy} run by the library's {@link Transfer} on the
 * Fashion-MNIST task as a user states it (K images per class, no validation split, the first test images), for the
 * study's schedule. The library trains every strategy on the backbone's cached activations, which the study
 * featurized once for all runs ({@link Transfer#featurize}).
 */
record TransferArm(Method method, int k, long seed, PretrainedStudyOptions o) {

    /** The strategy the library runs for this method. */
    Strategy strategy() {
        double factor = o.backboneLearningRate / o.learningRate; // backbone rate = head rate x factor
        return switch (method.kind()) {
            case FEATURE_EXTRACTION -> Strategy.featureExtraction(method.cut());
            case FINE_TUNING -> Strategy.lastBlocks(method.blocks(), factor, 1.0);
            // The head alone for a stage, then one more block per stage: the study's epochs split evenly over them.
            case GRADUAL_UNFREEZING -> Strategy.gradual(stageEpochs(), stageEpochs(), method.blocks(), factor, 1.0);
            default -> throw new IllegalArgumentException(method.label() + " does not use the backbone");
        };
    }

    /** The study's schedule: at least min-epochs epochs and min-steps steps (linear heads at least linear-min-steps). */
    Fit fit() {
        Fit base = Fit.epochs(o.minEpochs).batchSize(o.batchSize);
        return switch (method.kind()) {
            case FEATURE_EXTRACTION -> base.minSteps(Math.max(o.minSteps, o.linearMinSteps));
            case GRADUAL_UNFREEZING -> Fit.epochs(stageEpochs() * (method.blocks() + 1)).batchSize(o.batchSize);
            default -> base.minSteps(o.minSteps);
        };
    }

    /** Gradual unfreezing: the epochs of the study's schedule split evenly over the head-only stage and one per block. */
    int stageEpochs() {
        int stages = method.blocks() + 1;
        int epochs = Fit.epochs(o.minEpochs).minSteps(o.minSteps).batchSize(o.batchSize).epochsFor(examples());
        return Math.max(1, (epochs + stages - 1) / stages);
    }

    int examples() {
        return k * 10;
    }

    long steps() {
        return fit().stepsFor(examples());
    }

    /** The target task as a user states it: all ten classes, K per class for this seed, no validation split. */
    static TaskData.Fashion task(int k, PretrainedStudyOptions o) {
        return TaskData.fashionMnist(IntStream.range(0, 10).toArray()).k(k).validationPerClass(0).testLimit(o.testLimit)
                .dataDir(o.fashionDir);
    }

    /** The library's transfer for this study: the backbone at the study's input size and rates, seeded by the run. */
    static Transfer transfer(PretrainedStudyOptions o, long seed) {
        return Transfer.from(Base.catalogue(o.backbone)).inputSize(o.size).learningRate(o.learningRate).weightDecay(o.l2)
                .seed(seed);
    }

    PretrainedRun.Outcome call(Progress progress) throws IOException {
        long t0 = System.nanoTime();
        TransferResult r = transfer(o, seed).strategy(strategy()).fit(task(k, o), fit().progress(Progress.stepsOnly(progress)));
        int steps = r.report().history().stream().mapToInt(e -> e.steps()).sum();
        return new PretrainedRun.Outcome(method, k, seed, r.testAccuracy(), (System.nanoTime() - t0) / 1e9,
                r.report().history().size(), steps);
    }
}
