package org.transfer4j.advise;

import java.util.List;

/**
 * Validation accuracy against the number of training examples, from a few short runs on nested subsets,
 * extrapolated to the full training set. The error rate is fitted as a power law, {@code error = a n^-alpha}
 * (a straight line in log-log, least squares): the form learning curves take over the range before they
 * flatten (Hestness et al., "Deep Learning Scaling is Predictable, Empirically", 2017). Two parameters for
 * two or three points; an accuracy straight in {@code ln n} would grow without bound when extrapolated over a
 * decade, the power law's gains shrink as the error does. A rising error is taken as flat (alpha = 0): more data
 * does not hurt in expectation.
 *
 * <p>The standard error is least squares' prediction interval for a new run, {@code s^2 (1 + 1/m + (x0 - mean
 * x)^2 / Sxx)} in log-error, with {@code s^2} never below the validation accuracies' binomial variance (with
 * two or three points the residuals alone say little about the noise), carried to accuracy by the delta method.
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

        /** The error rate, never below half an example's worth (a perfect score is not an error of 0). */
        double error() {
            return Math.max(1 - accuracy, 0.5 / validationExamples);
        }
    }

    /** An extrapolated accuracy (in [0,1]) and the standard error of one run's accuracy there. */
    public record Estimate(double accuracy, double standardError) {
    }

    private final double logScale;
    private final double exponent;
    private final double noiseVariance;
    private final double meanX;
    private final double sxx;
    private final int m;

    private LearningCurve(double logScale, double exponent, double noiseVariance, double meanX, double sxx, int m) {
        this.logScale = logScale;
        this.exponent = exponent;
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
            my += Math.log(p.error());
            binomial += logBinomialVariance(p);
        }
        mx /= m;
        my /= m;
        binomial /= m;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            double dx = Math.log(p.examples()) - mx;
            sxx += dx * dx;
            sxy += dx * (Math.log(p.error()) - my);
        }
        double alpha = sxx > 0 ? Math.max(0, -sxy / sxx) : 0;
        double logScale = my + alpha * mx;
        double rss = 0;
        for (Point p : points) {
            double r = Math.log(p.error()) - (logScale - alpha * Math.log(p.examples()));
            rss += r * r;
        }
        double residual = m > 2 ? rss / (m - 2) : 0;
        return new LearningCurve(logScale, alpha, Math.max(residual, binomial), mx, sxx, m);
    }

    /**
     * The variance of the log error rate measured on n examples: the binomial variance (Agresti-Coull's +2/+4, so
     * 0 and 1 are not certain) over the error squared, by the delta method.
     */
    static double logBinomialVariance(Point p) {
        int n = p.validationExamples();
        double q = (p.accuracy() * n + 1) / (n + 2);
        return q * (1 - q) / n / (p.error() * p.error());
    }

    public Estimate at(int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be >= 1, got " + examples);
        }
        double x = Math.log(examples);
        double error = Math.min(1, Math.exp(logScale - exponent * x));
        double leverage = sxx > 0 ? (x - meanX) * (x - meanX) / sxx : 0;
        double logSe = Math.sqrt(noiseVariance * (1 + 1.0 / m + leverage));
        return new Estimate(1 - error, Math.min(1, error * logSe));
    }

    /** The power law's exponent alpha (0 when flat). */
    public double exponent() {
        return exponent;
    }

    /** The power law's a: the error rate at one example. */
    public double scale() {
        return Math.exp(logScale);
    }
}
