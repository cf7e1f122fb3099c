package org.transfer4j.advise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A cheap, cross-validated linear probe: the leave-one-out accuracy of a ridge classifier (one-vs-rest least
 * squares on one-hot labels, an unpenalised intercept, standardised features, prediction by the largest
 * output) on a backbone's features. It answers the question feature extraction asks, "how well does a linear
 * head on these features classify?", without training: for ridge regression the leave-one-out prediction is
 * exact in closed form,
 * <pre>
 *   yhat_(-i) = (yhat_i - h_ii y_i) / (1 - h_ii),   H = J/n + Xc (Xc^T Xc + lambda I)^-1 Xc^T
 * </pre>
 * (Xc: the centred features, J/n the intercept's share of the hat matrix), and with one eigendecomposition of
 * the n x n Gram matrix Xc Xc^T = U S U^T (through the d x d Xc^T Xc when the features are fewer than the rows) every
 * lambda costs only H's diagonal and H Y: Xc (Xc^T Xc + lambda I)^-1
 * Xc^T = U diag(s / (s + lambda)) U^T. Lambda is chosen from a grid around the mean eigenvalue by the
 * leave-one-out squared error (a smooth criterion, so that the accuracy reported is not the maximum of
 * several noisy accuracies). Computed in double precision.
 */
public final class LinearProbe {
    /** The grid, as multiples of the Gram matrix's mean eigenvalue. */
    static final double[] LAMBDA_FACTORS = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100};

    private LinearProbe() {
    }

    /** The outcome: leave-one-out accuracy and squared error at the chosen {@code lambda}. */
    public record Result(double accuracy, double squaredError, double lambda) {
    }

    /** Leave-one-out accuracy of the ridge probe on {@code features} ([n, d]) for {@code labels} in [0, numClasses). */
    public static Result score(INDArray features, int[] labels, int numClasses) {
        return choose(Prepared.of(features, labels, numClasses));
    }

    private static Result choose(Prepared p) {
        Result best = null;
        for (double f : LAMBDA_FACTORS) {
            Result r = p.at(f * p.meanEigen);
            if (best == null || r.squaredError() < best.squaredError()) {
                best = r;
            }
        }
        return best;
    }

    /**
     * The ridge classifier itself, fitted on all of {@code features} at the lambda {@link #score} chooses, applied to
     * {@code test} ([m, d], standardised with the training features' means and deviations): the class each test row
     * gets. A closed-form linear head for feature extraction, and a check of the probe against held-out data.
     */
    public static int[] fitPredict(INDArray features, int[] labels, int numClasses, INDArray test) {
        Prepared p = Prepared.of(features, labels, numClasses);
        if (test == null || test.rank() != 2 || test.size(1) != features.size(1)) {
            throw new IllegalArgumentException("test must be a [rows, " + features.size(1) + "] matrix like the features, got "
                    + (test == null ? null : java.util.Arrays.toString(test.shape())));
        }
        double lambda = choose(p).lambda();
        INDArray x = LogMe.checkedDouble(features, labels, numClasses);
        INDArray mean = x.mean(0);
        INDArray sd = deviations(x.subRowVector(mean));
        INDArray xc = x.subRowVector(mean).diviRowVector(sd);
        INDArray t = test.castTo(DataType.DOUBLE).subRowVector(mean).diviRowVector(sd);
        // Kernel form of ridge with an intercept: yhat(t) = ybar + t Xc^T U diag(1 / (s + lambda)) U^T Yc.
        INDArray inverse = p.s.add(lambda).rdivi(1.0).reshape(p.s.length(), 1);
        INDArray scores = t.mmul(xc.transpose()).mmul(p.u.mmul(p.uty.mulColumnVector(inverse))).addRowVector(p.yMean);
        return scores.argMax(1).toIntVector();
    }

    /** The leave-one-out predictions ([n, classes]) at {@code lambda}, for tests against refitting. */
    static INDArray looPredictions(INDArray features, int[] labels, int numClasses, double lambda) {
        return Prepared.of(features, labels, numClasses).loo(lambda);
    }

    /** What every lambda shares: one-hot labels, the Gram matrix's eigenvectors and eigenvalues. */
    private record Prepared(int[] labels, INDArray y, INDArray yMean, INDArray s, INDArray u, INDArray uty, INDArray uSquared,
                            double meanEigen) {
        static Prepared of(INDArray features, int[] labels, int numClasses) {
            INDArray x = LogMe.checkedDouble(features, labels, numClasses);
            int n = (int) x.size(0);
            INDArray xc = standardise(x);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, n, numClasses);
            for (int i = 0; i < n; i++) {
                y.putScalar(i, labels[i], 1);
            }
            INDArray yMean = y.mean(0);
            INDArray[] us = xc.size(1) < n ? fromCovariance(xc) : null;
            INDArray u;
            INDArray s;
            if (us != null) {
                u = us[0];
                s = us[1];
            } else {
                u = xc.mmul(xc.transpose()).dup('f');
                s = Eigen.symmetricGeneralizedEigenvalues(u, true); // u now holds the eigenvectors as columns
                // A Gram matrix has no negative eigenvalue; the solver's rounding noise would.
                s = org.nd4j.linalg.ops.transforms.Transforms.max(s.reshape(n), 0.0, false);
            }
            return new Prepared(labels, y, yMean, s, u, u.transpose().mmul(y.subRowVector(yMean)), u.mul(u),
                    Math.max(s.sumNumber().doubleValue() / n, 1e-12));
        }

        INDArray loo(double lambda) {
            int r = (int) s.length();
            INDArray shrink = s.div(s.add(lambda)).reshape(r, 1);      // s / (s + lambda)
            INDArray fitted = u.mmul(uty.mulColumnVector(shrink)).addRowVector(yMean);
            INDArray h = uSquared.mmul(shrink).addi(1.0 / labels.length); // [n, 1]
            return fitted.sub(y.mulColumnVector(h)).diviColumnVector(h.rsub(1.0));
        }

        Result at(double lambda) {
            INDArray loo = loo(lambda);
            int[] predicted = loo.argMax(1).toIntVector();
            int right = 0;
            for (int i = 0; i < labels.length; i++) {
                right += predicted[i] == labels[i] ? 1 : 0;
            }
            INDArray err = loo.sub(y);
            return new Result((double) right / labels.length, err.mul(err).sumNumber().doubleValue() / labels.length, lambda);
        }
    }

    /**
     * The Gram matrix's eigenvectors with a non-zero eigenvalue, [n, r], and those eigenvalues, [r], from the d x d
     * matrix Xc^T Xc when the features are fewer than the rows: Xc Xc^T has at most d non-zero eigenvalues, those of
     * Xc^T Xc, with eigenvectors Xc v / sqrt(s). The others add nothing to H (their s / (s + lambda) is 0) nor to the
     * fitted head (Xc^T u = 0 for them). In the pretrained study (n = 1,000 rows, d = 32 to 320) the n x n
     * decomposition was about an eighth of the run. Eigenvalues below 1e-12 of the largest count as zero (dividing
     * by their root would only amplify rounding); null when none is above, for the n x n path.
     */
    static INDArray[] fromCovariance(INDArray xc) {
        int d = (int) xc.size(1);
        INDArray v = xc.transpose().mmul(xc).dup('f');
        double[] all = Eigen.symmetricGeneralizedEigenvalues(v, true).reshape(d).toDoubleVector();
        double max = java.util.Arrays.stream(all).max().orElse(0);
        int[] keep = java.util.stream.IntStream.range(0, d).filter(i -> all[i] > 1e-12 * max).toArray();
        if (keep.length == 0) {
            return null;
        }
        INDArray s = Nd4j.createFromArray(java.util.Arrays.stream(keep).mapToDouble(i -> all[i]).toArray());
        INDArray u = xc.mmul(v.getColumns(keep)).diviRowVector(org.nd4j.linalg.ops.transforms.Transforms.sqrt(s, true));
        return new INDArray[] {u, s};
    }

    /** Each column centred and scaled to unit variance (a constant column stays 0). */
    static INDArray standardise(INDArray x) {
        INDArray c = x.subRowVector(x.mean(0));
        return c.diviRowVector(deviations(c));
    }

    /** Each centred column's standard deviation, 1 for a constant column. */
    private static INDArray deviations(INDArray centred) {
        double[] v = org.nd4j.linalg.ops.transforms.Transforms.sqrt(centred.mul(centred).mean(0), true).toDoubleVector();
        for (int j = 0; j < v.length; j++) {
            v[j] = v[j] > 1e-12 ? v[j] : 1;
        }
        return Nd4j.createFromArray(v);
    }
}
