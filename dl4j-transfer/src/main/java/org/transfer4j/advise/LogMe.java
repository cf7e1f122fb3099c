package org.transfer4j.advise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LogME (You et al., "LogME: Practical Assessment of Pre-trained Models for Transfer Learning", ICML 2021):
 * how well a backbone's features of the target data explain its labels, without training anything. For
 * each class c the labels become y = 1[label == c], and the evidence (marginal likelihood) of the
 * Bayesian linear model y ~ N(F w, 1/beta), w ~ N(0, I/alpha) is maximised over alpha and beta by the
 * paper's fixed-point iteration, with one eigendecomposition of F^T F shared by all classes:
 * <pre>
 *   gamma = sum_i beta s_i / (alpha + beta s_i)          s: eigenvalues of F^T F
 *   m     = beta (alpha I + beta F^T F)^-1 F^T y
 *   alpha = gamma / (m^T m + eps),   beta = (n - gamma) / (|F m - y|^2 + eps)      eps = 1e-5
 * </pre>
 * until alpha/beta moves by less than 1% (at most 11 rounds, as the authors' code), then
 * <pre>
 *   L = n/2 log beta + D/2 log alpha - n/2 log 2 pi - beta/2 |F m - y|^2 - alpha/2 m^T m - 1/2 sum_i log(alpha + beta s_i)
 * </pre>
 * LogME is the mean over classes of L / n: higher means the features fit the labels better. Computed in
 * double precision whatever the features' type.
 */
public final class LogMe {
    static final int MAX_ROUNDS = 11;
    static final double TOLERANCE = 0.01;
    /**
     * Added to m^T m and |F m - y|^2 before dividing, as in the authors' code: a class that the features cannot
     * explain at all (its examples' features are all zero, as dead ReLUs of a random network give) drives m to 0,
     * and alpha = gamma / 0 would make the score NaN instead of very low.
     */
    static final double EPSILON = 1e-5;

    private LogMe() {
    }

    /** One class's maximised evidence per example and the alpha and beta that maximise it. */
    public record Evidence(double perExample, double alpha, double beta, int rounds) {
    }

    /**
     * LogME of {@code features} ([n, d], one row per example) for {@code labels} in [0, numClasses).
     *
     * @throws IllegalArgumentException naming the bad argument (sizes that disagree, a label out of range, a class
     *                                  with no example, fewer than two examples)
     */
    public static double score(INDArray features, int[] labels, int numClasses) {
        INDArray f = check(features, labels, numClasses);
        Decomposition dec = Decomposition.of(f);
        double sum = 0;
        for (int c = 0; c < numClasses; c++) {
            sum += evidence(f, dec, indicator(labels, c)).perExample();
        }
        return sum / numClasses;
    }

    /**
     * The evidence for one target vector {@code y} ([n]) on features {@code f} ([n, d], double). Works in the
     * eigenbasis of the smaller Gram matrix: with F^T F (d x d) the posterior mean m is formed explicitly; with
     * F F^T (n x n, when d > n) only its projections are, and the d - n zero eigenvalues of F^T F enter the
     * log-determinant as (d - n) log alpha. Both are exact; the dual saves a d x d eigendecomposition.
     */
    static Evidence evidence(INDArray f, Decomposition dec, INDArray y) {
        long n = f.size(0);
        long d = f.size(1);
        INDArray s = dec.eigenvalues;
        // Projections of the target on the eigenvectors, scaled so that both bases share the formulas below:
        // primal: p_i = v_i . F^T y;  dual: p_i = sqrt(s_i) u_i . y  (= v_i . F^T y for the same eigenvalue).
        INDArray p = dec.primal ? dec.vectors.transpose().mmul(f.transpose().mmul(y.reshape(n, 1))).reshape(s.length())
                : dec.vectors.transpose().mmul(y.reshape(n, 1)).reshape(s.length()).muli(sqrt(s));
        double alpha = 1;
        double beta = 1;
        double lambda = alpha / beta;
        double mm = 0;
        double err = 0;
        int rounds = 0;
        while (rounds < MAX_ROUNDS) {
            rounds++;
            INDArray denominator = s.mul(beta).addi(alpha);
            double gamma = s.mul(beta).divi(denominator).sumNumber().doubleValue();
            INDArray coef = p.mul(beta).divi(denominator); // m in the eigenbasis of F^T F
            mm = coef.mul(coef).sumNumber().doubleValue();
            INDArray fm = dec.primal ? f.mmul(dec.vectors.mmul(coef.reshape(s.length(), 1))).reshape(n)
                    : dec.vectors.mmul(coef.mul(sqrt(s)).reshape(s.length(), 1)).reshape(n);
            INDArray residual = fm.subi(y);
            err = residual.mul(residual).sumNumber().doubleValue();
            alpha = gamma / (mm + EPSILON);
            beta = (n - gamma) / (err + EPSILON);
            double next = alpha / beta;
            if (Math.abs(next - lambda) / lambda < TOLERANCE) {
                break;
            }
            lambda = next;
        }
        double logDet = logSum(s.mul(beta).addi(alpha)) + (d - s.length()) * Math.log(alpha);
        double evidence = d / 2.0 * Math.log(alpha) + n / 2.0 * Math.log(beta) - 0.5 * logDet - beta / 2.0 * err
                - alpha / 2.0 * mm - n / 2.0 * Math.log(2 * Math.PI);
        return new Evidence(evidence / n, alpha, beta, rounds);
    }

    private static INDArray sqrt(INDArray s) {
        return org.nd4j.linalg.ops.transforms.Transforms.sqrt(s, true);
    }

    /**
     * Eigenvalues and eigenvectors (columns) of the smaller Gram matrix: F^T F ({@code primal}) when d <= n,
     * else F F^T. Computed once per feature matrix, shared by every class.
     */
    record Decomposition(INDArray eigenvalues, INDArray vectors, boolean primal) {
        static Decomposition of(INDArray f) {
            boolean primal = f.size(1) <= f.size(0);
            INDArray gram = primal ? f.transpose().mmul(f) : f.mmul(f.transpose());
            INDArray vectors = gram.dup('f');
            INDArray values = Eigen.symmetricGeneralizedEigenvalues(vectors, true); // vectors overwritten in place
            // A Gram matrix has no negative eigenvalue, but the solver returns rounding noise such as -1e-17 for
            // the zero ones; with a large beta, alpha + beta s would turn negative and its log NaN.
            INDArray clamped = org.nd4j.linalg.ops.transforms.Transforms.max(values.reshape(values.length()), 0.0, false);
            return new Decomposition(clamped, vectors, primal);
        }
    }

    private static INDArray indicator(int[] labels, int c) {
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i] == c ? 1 : 0;
        }
        return Nd4j.createFromArray(y);
    }

    /** {@code features} as doubles after the checks {@link #score} makes (shared with {@link LinearProbe}). */
    static INDArray checkedDouble(INDArray features, int[] labels, int numClasses) {
        return check(features, labels, numClasses);
    }

    private static INDArray check(INDArray features, int[] labels, int numClasses) {
        if (features == null || features.rank() != 2) {
            throw new IllegalArgumentException("features must be a [examples, features] matrix, got "
                    + (features == null ? null : java.util.Arrays.toString(features.shape())));
        }
        if (labels == null || labels.length != features.size(0)) {
            throw new IllegalArgumentException("labels must have one entry per feature row (" + features.size(0) + "), got "
                    + (labels == null ? null : labels.length));
        }
        if (labels.length < 2) {
            throw new IllegalArgumentException("LogME needs at least 2 examples, got " + labels.length);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        int[] count = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, " + numClasses + ")");
            }
            count[labels[i]]++;
        }
        for (int c = 0; c < numClasses; c++) {
            if (count[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no example; LogME needs every class present");
            }
        }
        return features.castTo(DataType.DOUBLE);
    }

    private static double logSum(INDArray positive) {
        double sum = 0;
        for (double v : positive.toDoubleVector()) {
            sum += Math.log(v);
        }
        return sum;
    }
}
