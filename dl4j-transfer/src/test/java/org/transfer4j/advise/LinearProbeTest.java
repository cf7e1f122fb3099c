package org.transfer4j.advise;

import org.transfer4j.api.Fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The closed-form leave-one-out probe against refitting the ridge model n times, plus its behaviour. */
class LinearProbeTest {
    static double[][] features(int n, int d, int classes, double separation, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[classes][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = r.nextGaussian() * separation;
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = centres[i % classes][j] + r.nextGaussian();
            }
        }
        return x;
    }

    static int[] labels(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return y;
    }

    /** Ridge with an unpenalised intercept fitted on every row but {@code out}, predicting row {@code out}: plain Java. */
    static double[] refitAndPredict(double[][] x, double[][] y, int out, double lambda) {
        int n = x.length;
        int d = x[0].length;
        int c = y[0].length;
        double[] mx = new double[d];
        double[] my = new double[c];
        for (int i = 0; i < n; i++) {
            if (i != out) {
                for (int j = 0; j < d; j++) {
                    mx[j] += x[i][j] / (n - 1);
                }
                for (int k = 0; k < c; k++) {
                    my[k] += y[i][k] / (n - 1);
                }
            }
        }
        double[][] a = new double[d][d + c]; // [Xc^T Xc + lambda I | Xc^T Yc]
        for (int i = 0; i < n; i++) {
            if (i == out) {
                continue;
            }
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    a[p][q] += (x[i][p] - mx[p]) * (x[i][q] - mx[q]);
                }
                for (int k = 0; k < c; k++) {
                    a[p][d + k] += (x[i][p] - mx[p]) * (y[i][k] - my[k]);
                }
            }
        }
        for (int p = 0; p < d; p++) {
            a[p][p] += lambda;
        }
        for (int p = 0; p < d; p++) { // Gauss-Jordan; the matrix is positive definite
            double pivot = a[p][p];
            for (int q = 0; q < d + c; q++) {
                a[p][q] /= pivot;
            }
            for (int r = 0; r < d; r++) {
                if (r != p) {
                    double f = a[r][p];
                    for (int q = 0; q < d + c; q++) {
                        a[r][q] -= f * a[p][q];
                    }
                }
            }
        }
        double[] pred = new double[c];
        for (int k = 0; k < c; k++) {
            pred[k] = my[k];
            for (int p = 0; p < d; p++) {
                pred[k] += (x[out][p] - mx[p]) * a[p][d + k];
            }
        }
        return pred;
    }

    @Test
    void theClosedFormEqualsRefittingWithoutEachRow() {
        int n = 24;
        int classes = 3;
        for (int d : new int[] {5, 40}) { // fewer and more features than rows
            double[][] raw = features(n, d, classes, 1.0, 11 + d);
            int[] labels = labels(n, classes);
            INDArray std = LinearProbe.standardise(Nd4j.createFromArray(raw));
            double[][] x = std.toDoubleMatrix();
            double[][] y = new double[n][classes];
            for (int i = 0; i < n; i++) {
                y[i][labels[i]] = 1;
            }
            for (double lambda : new double[] {0.3, 5.0}) {
                double[][] loo = LinearProbe.looPredictions(Nd4j.createFromArray(raw), labels, classes, lambda).toDoubleMatrix();
                for (int i = 0; i < n; i++) {
                    double[] expected = refitAndPredict(x, y, i, lambda);
                    for (int k = 0; k < classes; k++) {
                        assertEquals(expected[k], loo[i][k], 1e-8, "d=" + d + " lambda=" + lambda + " row " + i + " class " + k);
                    }
                }
            }
        }
    }

    @Test
    void rankDeficientFeaturesFewerThanTheRowsEqualRefittingAndConstantFeaturesGiveTheMeanPrediction() {
        int n = 24;
        int classes = 3;
        double[][] raw = features(n, 6, classes, 1.0, 5);
        for (double[] row : raw) {
            row[4] = 2 * row[1]; // a copy of another column: after standardising, the same column
            row[5] = 7;          // a constant: a zero column after standardising
        }
        int[] labels = labels(n, classes);
        double[][] x = LinearProbe.standardise(Nd4j.createFromArray(raw)).toDoubleMatrix();
        double[][] y = new double[n][classes];
        for (int i = 0; i < n; i++) {
            y[i][labels[i]] = 1;
        }
        INDArray[] us = LinearProbe.fromCovariance(LinearProbe.standardise(Nd4j.createFromArray(raw)));
        assertEquals(4, us[1].length(), "two of the six eigenvalues are zero");
        double lambda = 0.3;
        double[][] loo = LinearProbe.looPredictions(Nd4j.createFromArray(raw), labels, classes, lambda).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            double[] expected = refitAndPredict(x, y, i, lambda);
            for (int k = 0; k < classes; k++) {
                assertEquals(expected[k], loo[i][k], 1e-8, "row " + i + " class " + k);
            }
        }
        // Nothing but constants: no direction to project on; every left-out prediction is the other rows' mean.
        double[][] flat = new double[n][3];
        for (double[] row : flat) {
            java.util.Arrays.fill(row, 4);
        }
        assertEquals(null, LinearProbe.fromCovariance(LinearProbe.standardise(Nd4j.createFromArray(flat))));
        double[][] mean = LinearProbe.looPredictions(Nd4j.createFromArray(flat), labels, classes, lambda).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            double[] expected = refitAndPredict(LinearProbe.standardise(Nd4j.createFromArray(flat)).toDoubleMatrix(), y, i, lambda);
            for (int k = 0; k < classes; k++) {
                assertEquals(expected[k], mean[i][k], 1e-8, "constant features, row " + i + " class " + k);
            }
        }
    }

    @Test
    void theFittedHeadPredictsAsRefittingOnAllRowsDoes() {
        int n = 24;
        double[][] raw = features(n, 7, 3, 1.5, 3);
        int[] labels = labels(n, 3);
        double[][] testRaw = features(9, 7, 3, 1.5, 4);
        int[] predicted = LinearProbe.fitPredict(Nd4j.createFromArray(raw), labels, 3, Nd4j.createFromArray(testRaw));
        // The same model by plain Java: standardise with the training statistics, solve the normal equations on all
        // rows (refitAndPredict with no row left out: index -1), at the lambda the probe chose.
        double lambda = LinearProbe.score(Nd4j.createFromArray(raw), labels, 3).lambda();
        double[][] all = new double[n + 9][];
        INDArray mean = Nd4j.createFromArray(raw).mean(0);
        INDArray c = Nd4j.createFromArray(raw).subRowVector(mean);
        INDArray sd = org.nd4j.linalg.ops.transforms.Transforms.sqrt(c.mul(c).mean(0), true);
        double[][] x = c.divRowVector(sd).toDoubleMatrix();
        double[][] t = Nd4j.createFromArray(testRaw).subRowVector(mean).divRowVector(sd).toDoubleMatrix();
        System.arraycopy(x, 0, all, 0, n);
        System.arraycopy(t, 0, all, n, 9);
        double[][] y = new double[n + 9][3];
        for (int i = 0; i < n; i++) {
            y[i][labels[i]] = 1;
        }
        for (int i = 0; i < 9; i++) {
            // Fit on the n training rows only: the test row is the one "left out" of an (n+1)-row problem.
            double[][] rows = new double[n + 1][];
            double[][] ys = new double[n + 1][];
            System.arraycopy(all, 0, rows, 0, n);
            System.arraycopy(y, 0, ys, 0, n);
            rows[n] = t[i];
            ys[n] = new double[3];
            double[] p = refitAndPredict(rows, ys, n, lambda);
            int best = 0;
            for (int k = 1; k < 3; k++) {
                best = p[k] > p[best] ? k : best;
            }
            assertEquals(best, predicted[i], "test row " + i);
        }
        String m = assertThrows(IllegalArgumentException.class, () -> LinearProbe.fitPredict(Nd4j.createFromArray(raw), labels, 3,
                Nd4j.zeros(2, 5))).getMessage();
        assertTrue(m.contains("[rows, 7]") && m.contains("[2, 5]"), m);
    }

    @Test
    void lambdaIsTheGridValueWithTheSmallestLeaveOneOutSquaredError() {
        int n = 30;
        int d = 4;
        double[][] raw = features(n, d, 3, 0.7, 21);
        int[] labels = labels(n, 3);
        // Standardised columns have unit variance, so the Gram matrix's trace is n * d and its mean eigenvalue d:
        // the grid is LAMBDA_FACTORS x d.
        double bestError = Double.POSITIVE_INFINITY;
        double bestLambda = Double.NaN;
        for (double f : LinearProbe.LAMBDA_FACTORS) {
            double[][] loo = LinearProbe.looPredictions(Nd4j.createFromArray(raw), labels, 3, f * d).toDoubleMatrix();
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    double e = loo[i][k] - (labels[i] == k ? 1 : 0);
                    sq += e * e;
                }
            }
            if (sq / n < bestError) {
                bestError = sq / n;
                bestLambda = f * d;
            }
        }
        LinearProbe.Result r = LinearProbe.score(Nd4j.createFromArray(raw), labels, 3);
        assertEquals(bestLambda, r.lambda(), 1e-9 * bestLambda);
        assertEquals(bestError, r.squaredError(), 1e-9);
    }

    @Test
    void standardisingCentresAndScalesEachColumnAndLeavesConstantsAtZero() {
        double[][] s = LinearProbe.standardise(Nd4j.createFromArray(new double[][] {{1, 5, 2}, {3, 5, 4}, {5, 5, 9}})).toDoubleMatrix();
        double sd = Math.sqrt(8.0 / 3);
        assertEquals(-2 / sd, s[0][0], 1e-12);
        assertEquals(2 / sd, s[2][0], 1e-12);
        assertEquals(0, s[1][1], 1e-12);
        assertEquals(0, s[0][2] + s[1][2] + s[2][2], 1e-12);
    }

    @Test
    void separableFeaturesProbeNearPerfectAndNoiseNearChance() {
        int n = 90;
        LinearProbe.Result sep = LinearProbe.score(Nd4j.createFromArray(features(n, 6, 3, 3.0, 5)), labels(n, 3), 3);
        LinearProbe.Result noise = LinearProbe.score(Nd4j.createFromArray(features(n, 6, 3, 0.0, 5)), labels(n, 3), 3);
        assertTrue(sep.accuracy() >= 0.95, "separable: " + sep);
        assertTrue(noise.accuracy() <= 0.55, "noise (chance 1/3): " + noise);
        assertTrue(sep.squaredError() < noise.squaredError());
        assertTrue(sep.lambda() > 0);
        double[][] raw = features(n, 6, 3, 0.0, 5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LinearProbe.score(Nd4j.createFromArray(raw),
                new int[] {0, 1}, 3)).getMessage().contains("one entry per feature row"));
    }
}
