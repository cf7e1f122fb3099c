package org.transfer4j.study;

import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.fashion.KShotSampler;

/**
 * Epochs of shuffled mini-batches over in-memory features and labels, with a seeded order, handing
 * each batch to a training step (a network's {@code fit}, or {@code fitFeaturized}).
 */
public final class MiniBatchTrainer {
    private MiniBatchTrainer() {
    }

    /** The study's schedule: at least {@code minEpochs} epochs and at least {@code minSteps} steps. */
    public static int epochsFor(int examples, int batchSize, int minEpochs, int minSteps) {
        int stepsPerEpoch = stepsPerEpoch(examples, batchSize);
        return Math.max(minEpochs, (minSteps + stepsPerEpoch - 1) / stepsPerEpoch);
    }

    public static int stepsPerEpoch(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }

    /**
     * Runs {@code epochs} epochs; returns the number of steps taken.
     *
     * @param afterStep called after every step (for progress)
     */
    public static int train(INDArray features, INDArray labels, int batchSize, int epochs, long seed,
                            Consumer<DataSet> step, Runnable afterStep) {
        int n = (int) features.size(0);
        int[] order = IntStream.range(0, n).toArray();
        Random rng = new Random(seed);
        int steps = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            KShotSampler.shuffle(order, rng);
            for (int start = 0; start < n; start += batchSize) {
                int[] rows = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
                step.accept(new DataSet(Nd4j.pullRows(features, 1, rows), Nd4j.pullRows(labels, 1, rows)));
                steps++;
                afterStep.run();
            }
        }
        return steps;
    }

    /** Fraction of rows whose arg-max prediction equals the label, predicting in chunks. */
    public static double accuracy(java.util.function.Function<INDArray, INDArray> predict, INDArray features,
                                  int[] labels, int chunk) {
        int n = (int) features.size(0);
        int correct = 0;
        for (int start = 0; start < n; start += chunk) {
            int end = Math.min(n, start + chunk);
            INDArray out = predict.apply(features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()));
            INDArray argMax = out.argMax(1);
            for (int i = start; i < end; i++) {
                if (argMax.getInt(i - start) == labels[i]) {
                    correct++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }
}
