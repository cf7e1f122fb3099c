package org.transfer4j.study;

import org.transfer4j.zoo.StudyLeNet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.study.StudyReport.Run;
import org.transfer4j.transfer.FeaturizedHead;
import org.transfer4j.transfer.HeadReplacement;

/**
 * One strategy trained on one K-shot sample and evaluated on the target test set. Self-contained so
 * that runs can execute on different threads: everything it creates is its own, the source network
 * and the test arrays are only read.
 */
record TargetRun(Strategy strategy, int k, long seed, LabelledImages sample, MultiLayerNetwork source,
                 INDArray testX, INDArray testFeatures, int[] testY, StudyOptions o) {

    int epochs() {
        return MiniBatchTrainer.epochsFor(sample.size(), o.batchSize, o.minEpochs, o.minSteps);
    }

    long steps() {
        return (long) epochs() * MiniBatchTrainer.stepsPerEpoch(sample.size(), o.batchSize);
    }

    Run call(StudyProgress progress) {
        progress.phase(strategy.label() + " K=" + k + " seed=" + seed);
        long t0 = System.nanoTime();
        INDArray x = sample.features();
        INDArray y = sample.oneHotLabels();
        int numClasses = sample.numClasses();
        int epochs = epochs();
        int steps;
        double accuracy;
        switch (strategy) {
            case SCRATCH -> {
                MultiLayerNetwork net = StudyLeNet.build(numClasses, o.learningRate, o.l2, seed);
                steps = MiniBatchTrainer.train(x, y, o.batchSize, epochs, seed, net::fit, progress::step);
                accuracy = accuracy(net);
            }
            case FEATURE_EXTRACTION -> {
                FeaturizedHead head = featureExtractor(source, numClasses, o, seed);
                steps = MiniBatchTrainer.train(head.featurize(x), y, o.batchSize, epochs, seed, head::fit, progress::step);
                accuracy = MiniBatchTrainer.accuracy(head::output, testFeatures, testY, 1000);
            }
            case FINE_TUNING -> {
                MultiLayerNetwork net = new HeadReplacement(StudyLeNet.head(numClasses, o.learningRate),
                        new Adam(o.backboneLearningRate), o.l2, -1, seed).applyTo(source);
                steps = MiniBatchTrainer.train(x, y, o.batchSize, epochs, seed, net::fit, progress::step);
                accuracy = accuracy(net);
            }
            default -> throw new IllegalStateException("unknown strategy " + strategy);
        }
        return new Run(strategy, k, seed, accuracy, (System.nanoTime() - t0) / 1e9, epochs, steps);
    }

    private double accuracy(MultiLayerNetwork net) {
        return MiniBatchTrainer.accuracy(f -> net.output(f, false), testX, testY, 1000);
    }

    /** The source backbone frozen through the dense layer under a new head, trained on featurized input. */
    static FeaturizedHead featureExtractor(MultiLayerNetwork source, int numClasses, StudyOptions o, long seed) {
        MultiLayerNetwork net = new HeadReplacement(StudyLeNet.head(numClasses, o.learningRate), new Adam(o.learningRate),
                o.l2, StudyLeNet.FEATURE_LAYER, seed).applyTo(source);
        return new FeaturizedHead(net);
    }
}
