package org.transfer4j.app.study;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.train.Rows;
import org.transfer4j.train.TrainingData;

/**
 * A study run's data for the training loop: training rows in memory (images, or their featurized
 * activations), no validation split (the study trains a fixed number of epochs), and the target test
 * set as the test split. Epoch e's order is the e-th shuffle of one {@code Random(seed)}, the order the
 * study has always used, so that its numbers stay comparable across versions.
 */
public final class StudyData implements TrainingData {
    private final List<String> classes;
    private final INDArray x;
    private final INDArray y;
    private final INDArray testX;
    private final INDArray testY;

    public StudyData(int numClasses, INDArray x, INDArray y, INDArray testX, INDArray testY) {
        this.classes = IntStream.range(0, numClasses).mapToObj(String::valueOf).toList();
        this.x = x;
        this.y = y;
        this.testX = testX;
        this.testY = testY;
    }

    /** The study's schedule: at least {@code minEpochs} epochs and at least {@code minSteps} steps. */
    public static int epochsFor(int examples, int batchSize, int minEpochs, int minSteps) {
        int stepsPerEpoch = stepsPerEpoch(examples, batchSize);
        return Math.max(minEpochs, (minSteps + stepsPerEpoch - 1) / stepsPerEpoch);
    }

    public static int stepsPerEpoch(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int size(Split split) {
        return switch (split) {
            case TRAIN -> (int) x.size(0);
            case VALIDATION -> 0;
            case TEST -> testX == null ? 0 : (int) testX.size(0);
        };
    }

    @Override
    public Iterator<DataSet> trainBatches(int epoch, int batchSize, long seed) {
        int n = (int) x.size(0);
        int[] order = IntStream.range(0, n).toArray();
        Random rng = new Random(seed);
        for (int e = 0; e <= epoch; e++) {
            KShotSampler.shuffle(order, rng);
        }
        return batches(n, batchSize, (from, to) -> {
            int[] rows = Arrays.copyOfRange(order, from, to);
            return new DataSet(Rows.pull(x, rows), Rows.pull(y, rows));
        });
    }

    @Override
    public Iterator<DataSet> batches(Split split, int batchSize) {
        if (split != Split.TEST || testX == null) {
            return Collections.emptyIterator();
        }
        return batches((int) testX.size(0), batchSize,
                (from, to) -> new DataSet(Rows.range(testX, from, to), Rows.range(testY, from, to)));
    }

    /** Consecutive batches of rows [from, to) over {@code n} rows. */
    private static Iterator<DataSet> batches(int n, int batchSize, java.util.function.BiFunction<Integer, Integer, DataSet> rows) {
        return new Iterator<>() {
            private int start;

            @Override
            public boolean hasNext() {
                return start < n;
            }

            @Override
            public DataSet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(n, start + batchSize);
                DataSet b = rows.apply(start, end);
                start = end;
                return b;
            }
        };
    }

    @Override
    public String fingerprint() {
        return "study";
    }

    @Override
    public boolean augmented() {
        return false;
    }
}
