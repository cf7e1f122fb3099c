package org.transfer4j.advise;

import java.util.List;

/**
 * Validation accuracy against the number of training examples, from a few short runs on nested subsets,
 * fitted as {@code a + b ln n} by least squares and extrapolated to the full training set. A line in
 * {@code ln n} is the simplest curve that a few noisy points can support (a power law needs three parameters,
 * and three points fit it exactly); a negative slope is taken as flat, since more data does not hurt in
 * expectation. The prediction interval is ordinary least squares' for a new observation,
 * {@code s^2 (1 + 1/m + (x0 - mean x)^2 / Sxx)}, with {@code s^2} never below the binomial variance of the
 * validation accuracies (with two or three points the residuals alone say little about the noise).
 */
public final class LearningCurve {
    /** One run: its training examples, validation accuracy and the validation examples it was measured on. */
    public record Point(int examples, double accuracy, int validationExamples) {
        public Point {
            if (examples < 1 || validationExamples < 1) {
                throw new IllegalArgumentException("examples and validationExamples must be >= 1, got " + examples + ", "
                        + validationExamples);
            }
            if (!(accuracy >= 0 && accuracy <= 1)) {
                throw new IllegalArgumentException("accuracy must be in [0,1], got " + accuracy);
            }
        }
    }

    /** An extrapolated accuracy (clamped to [0,1]) and the standard error of a run's accuracy there. */
    public record Estimate(double accuracy, double standardError) {
    }

    private final double intercept;
    private final double slope;
    private final double noiseVariance;
    private final double meanX;
    private final double sxx;
    private final int m;

    private LearningCurve(double intercept, double slope, double noiseVariance, double meanX, double sxx, int m) {
        this.intercept = intercept;
        this.slope = slope;
        this.noiseVariance = noiseVariance;
        this.meanX = meanX;
        this.sxx = sxx;
        this.m = m;
    }

    public static LearningCurve fit(List<Point> points) {
        if (points == null || points.isEmpty()) {
            throw new IllegalArgumentException("a learning curve needs at least one point, got none");
        }
        int m = points.size();
        double mx = 0;
        double my = 0;
        double binomial = 0;
        for (Point p : points) {
            mx += Math.log(p.examples());
            my += p.accuracy();
            binomial += binomialVariance(p.accuracy(), p.validationExamples());
        }
        mx /= m;
        my /= m;
        binomial /= m;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            double dx = Math.log(p.examples()) - mx;
            sxx += dx * dx;
            sxy += dx * (p.accuracy() - my);
        }
        double slope = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
        double intercept = my - slope * mx;
        double rss = 0;
        for (Point p : points) {
            double r = p.accuracy() - (intercept + slope * Math.log(p.examples()));
            rss += r * r;
        }
        double residual = m > 2 ? rss / (m - 2) : 0;
        return new LearningCurve(intercept, slope, Math.max(residual, binomial), mx, sxx, m);
    }

    /** The variance of an accuracy measured on n examples, with the Agresti-Coull +2/+4 so 0 and 1 are not certain. */
    static double binomialVariance(double accuracy, int n) {
        double p = (accuracy * n + 1) / (n + 2);
        return p * (1 - p) / n;
    }

    public Estimate at(int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be >= 1, got " + examples);
        }
        double x = Math.log(examples);
        double mean = Math.min(1, Math.max(0, intercept + slope * x));
        double leverage = sxx > 0 ? (x - meanX) * (x - meanX) / sxx : 0;
        return new Estimate(mean, Math.sqrt(noiseVariance * (1 + 1.0 / m + leverage)));
    }

    /** Accuracy gained per doubling of the training set (0 when flat). */
    public double gainPerDoubling() {
        return slope * Math.log(2);
    }

    public double intercept() {
        return intercept;
    }

    public double slope() {
        return slope;
    }
}
