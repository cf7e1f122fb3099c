package org.transfer4j.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.transfer4j.common.Progress;

/**
 * The epoch loop for text classifiers in SameDiff: seeded shuffles, mini-batches, a validation score after each epoch,
 * early stopping after {@code patience} epochs without a better one, and the best weights restored at the end (the
 * starting weights count as a candidate).
 * Without validation rows every epoch runs and the final weights are kept.
 */
public final class TextTraining {
    /** One epoch: its validation accuracy and loss (NaN without validation rows) and its seconds. */
    public record Epoch(int epoch, double validationAccuracy, double validationLoss, double seconds) {
    }

    /** Validation accuracy and loss of the graph as it is now. */
    public interface Validation {
        double[] score();
    }

    private TextTraining() {
    }

    /**
     * Trains {@code trainable} (variables of {@code sd}) with Adam at {@code rate} on batches of the {@code rows}
     * training rows that {@code batch} builds (features in {@code featureNames} order, labels one-hot).
     */
    public static List<Epoch> train(SameDiff sd, List<String> trainable, List<String> featureNames, int rows,
                                    Function<List<Integer>, MultiDataSet> batch, Validation validation, int epochs,
                                    int patience, int batchSize, double rate, long seed, Progress progress) {
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(rate))
                .dataSetFeatureMapping(featureNames.toArray(String[]::new)).dataSetLabelMapping(TextGraphs.LABELS).build());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            order.add(i);
        }
        Random rnd = new Random(seed);
        List<Epoch> history = new ArrayList<>();
        Map<String, INDArray> best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        if (validation != null) {
            // The starting weights compete too: fine-tuning from a trained head must not end below it on validation.
            bestScore = validation.score()[0];
            best = snapshot(sd, trainable);
        }
        int since = 0;
        for (int e = 1; e <= epochs; e++) {
            long start = System.nanoTime();
            Collections.shuffle(order, rnd);
            List<List<Integer>> batches = new ArrayList<>();
            for (int from = 0; from < rows; from += batchSize) {
                batches.add(List.copyOf(order.subList(from, Math.min(rows, from + batchSize))));
            }
            // One fit call per epoch: SameDiff makes a TrainingSession per call, whose array cache (a quarter of
            // JavaCPP's maxBytes) is released only when the collector finds the session. Per batch, a fine-tuning run
            // of a few dozen steps grew past 20 GB of native memory; per epoch, with a collection after it, it stays flat.
            long fitStart = System.nanoTime();
            sd.fit(new BatchIterator(batches, batch, progress), 1);
            progress.step(); // the last batch
            if (System.nanoTime() - fitStart > 1_000_000_000L) {
                System.gc(); // an epoch of the whole encoder; the head's epochs of a few ms leave little behind
            }
            double[] v = validation == null ? new double[] {Double.NaN, Double.NaN} : validation.score();
            Epoch ep = new Epoch(e, v[0], v[1], (System.nanoTime() - start) / 1e9);
            history.add(ep);
            if (validation != null || e == epochs || ep.seconds() > 5) { // a line per epoch, unless epochs take milliseconds
                progress.log(String.format("epoch %d/%d: validation accuracy %.4f, loss %.4f (%.1f s)", e, epochs, v[0],
                        v[1], ep.seconds()));
            }
            if (validation == null) {
                continue;
            }
            if (v[0] > bestScore) {
                bestScore = v[0];
                best = snapshot(sd, trainable);
                since = 0;
            } else if (++since >= patience) {
                progress.log("no better validation accuracy for " + patience + " epochs: stopping");
                break;
            }
        }
        if (best != null) {
            best.forEach((name, arr) -> sd.getVariable(name).getArr().assign(arr));
        }
        return history;
    }

    /** The epoch's batches, built one at a time as SameDiff asks for them. */
    private static final class BatchIterator implements MultiDataSetIterator {
        private final List<List<Integer>> batches;
        private final Function<List<Integer>, MultiDataSet> make;
        private final Progress progress;
        private MultiDataSetPreProcessor preProcessor;
        private int next;

        BatchIterator(List<List<Integer>> batches, Function<List<Integer>, MultiDataSet> make, Progress progress) {
            this.batches = batches;
            this.make = make;
            this.progress = progress;
        }

        @Override
        public boolean hasNext() {
            return next < batches.size();
        }

        @Override
        public MultiDataSet next() {
            if (next > 0) {
                progress.step(); // the previous batch has been trained on
            }
            MultiDataSet m = make.apply(batches.get(next++));
            if (preProcessor != null) {
                preProcessor.preProcess(m);
            }
            return m;
        }

        @Override
        public MultiDataSet next(int num) {
            return next();
        }

        @Override
        public void reset() {
            next = 0;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            this.preProcessor = preProcessor;
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return preProcessor;
        }
    }

    private static Map<String, INDArray> snapshot(SameDiff sd, List<String> names) {
        Map<String, INDArray> m = new HashMap<>();
        for (String n : names) {
            m.put(n, sd.getVariable(n).getArr().dup());
        }
        return m;
    }
}
