package org.transfer4j.app.study;

import java.io.IOException;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.app.study.StudyReport.Run;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.train.PlanTrainer;
import org.transfer4j.train.TrainerOptions;
import org.transfer4j.train.TrainingTarget;
import org.transfer4j.transfer.FeaturizedHead;
import org.transfer4j.transfer.plan.NetworkTransfer;

/**
 * One strategy trained on one K-shot sample and evaluated on the target test set: a {@link TransferPlan}
 * on the source network (scratch, feature extraction or fine-tuning), trained by the library's loop
 * for the study's fixed number of epochs. Self-contained so that runs can execute on different threads:
 * everything it creates is its own, the source network and the test arrays are only read.
 */
record TargetRun(StudyArm strategy, int k, long seed, LabelledImages sample, MultiLayerNetwork source,
                 INDArray testX, INDArray testFeatures, INDArray testY, StudyOptions o) {
    /** Predictions in chunks of this many test images. */
    static final int EVALUATION_BATCH = 1000;

    int epochs() {
        return StudyData.epochsFor(sample.size(), o.batchSize, o.minEpochs, o.minSteps);
    }

    long steps() {
        return (long) epochs() * StudyData.stepsPerEpoch(sample.size(), o.batchSize);
    }

    /** The plan of {@code strategy} for {@code numClasses} target classes. */
    static TransferPlan plan(StudyArm strategy, int numClasses, StudyOptions o, long seed) {
        Strategy s = switch (strategy) {
            case SCRATCH -> new Strategy.Scratch();
            case FEATURE_EXTRACTION -> new Strategy.FeatureExtraction(StudyLeNet.FEATURE_VERTEX);
            // Every block trains, at the backbone rate: the backbone rate is the head rate x this factor.
            case FINE_TUNING -> new Strategy.LastBlocks(StudyLeNet.names().blocks().size(),
                    o.backboneLearningRate / o.learningRate, 1.0);
        };
        return new TransferPlan(new Head(numClasses, 0, 0), s, BatchNormPolicy.AUTO,
                new Optimizer(o.learningRate, o.l2, seed));
    }

    Run call(Progress progress) throws IOException {
        long t0 = System.nanoTime();
        int numClasses = sample.numClasses();
        int epochs = epochs();
        Model net = NetworkTransfer.apply(source, StudyLeNet.names(), plan(strategy, numClasses, o, seed));
        StudyData data;
        TrainingTarget target;
        if (strategy == StudyArm.FEATURE_EXTRACTION) {
            FeaturizedHead head = new FeaturizedHead((MultiLayerNetwork) net);
            target = new TrainingTarget.LayersTop(head);
            data = new StudyData(numClasses, head.featurize(sample.features()), sample.oneHotLabels(), testFeatures, testY);
        } else {
            target = new TrainingTarget.Whole(net);
            data = new StudyData(numClasses, sample.features(), sample.oneHotLabels(), testX, testY);
        }
        TrainerOptions to = new TrainerOptions(epochs, 1, o.batchSize, seed, null, false, EVALUATION_BATCH);
        PlanTrainer.Result r = PlanTrainer.train(PlanTrainer.Targets.of(target), data, null, to, null,
                new PlanTrainer.Hooks(Progress.stepsOnly(progress), null));
        int steps = r.state().history().stream().mapToInt(e -> e.steps()).sum();
        return new Run(strategy, k, seed, r.test().accuracy(), (System.nanoTime() - t0) / 1e9, epochs, steps);
    }

    /** The test images' activations at the feature vertex: the frozen part is the same for every seed and K. */
    static INDArray featurizeTest(MultiLayerNetwork source, int numClasses, StudyOptions o, INDArray testX) {
        Model net = NetworkTransfer.apply(source, StudyLeNet.names(), plan(StudyArm.FEATURE_EXTRACTION, numClasses, o, 0));
        return new FeaturizedHead((MultiLayerNetwork) net).featurize(testX);
    }
}
