package org.transfer4j.train;

import java.util.Iterator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Accuracy, mean cross-entropy and the confusion matrix (rows: true class, columns: predicted). */
public record Evaluation(int examples, double accuracy, double loss, long[][] confusion) {

    public static Evaluation of(java.util.function.Function<INDArray, INDArray> predict, Iterator<DataSet> batches, int numClasses) {
        long[][] confusion = new long[numClasses][numClasses];
        int n = 0;
        int correct = 0;
        double loss = 0;
        while (batches.hasNext()) {
            DataSet b = batches.next();
            INDArray p = predict.apply(b.getFeatures());
            INDArray truth = b.getLabels().argMax(1);
            INDArray pred = p.argMax(1);
            for (int i = 0; i < b.numExamples(); i++) {
                int t = truth.getInt(i);
                int q = pred.getInt(i);
                confusion[t][q]++;
                correct += t == q ? 1 : 0;
                loss -= Math.log(Math.max(1e-12, p.getDouble(i, t)));
                n++;
            }
        }
        return new Evaluation(n, n == 0 ? Double.NaN : (double) correct / n, n == 0 ? Double.NaN : loss / n, confusion);
    }

    /** The same over in-memory features and integer labels, predicting {@code chunk} rows at a time. */
    public static Evaluation ofArrays(java.util.function.Function<INDArray, INDArray> predict, INDArray features, int[] labels,
                                      int numClasses, int chunk) {
        int n = (int) features.size(0);
        if (labels.length != n) {
            throw new IllegalArgumentException(n + " feature rows but " + labels.length + " labels");
        }
        java.util.List<DataSet> batches = new java.util.ArrayList<>();
        for (int start = 0; start < n; start += chunk) {
            int end = Math.min(n, start + chunk);
            INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(features.dataType(), end - start, numClasses);
            for (int i = start; i < end; i++) {
                y.putScalar(i - start, labels[i], 1.0);
            }
            batches.add(new DataSet(Rows.range(features, start, end), y));
        }
        return of(predict, batches.iterator(), numClasses);
    }
}
