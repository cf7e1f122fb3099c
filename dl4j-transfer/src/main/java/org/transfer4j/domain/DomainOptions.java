package org.transfer4j.domain;

/**
 * Training settings shared by every method of a domain-adaptation comparison.
 *
 * @param steps        training steps per run (the same for every method)
 * @param batch        rows per domain per step (an adapting step sees {@code batch} source and
 *                     {@code batch} target rows)
 * @param domainHidden units of DANN's domain classifier's hidden layer
 * @param dannLambda   the reversal strength DANN's schedule rises to (the paper's schedule times this)
 * @param domainRateFactor learning rate of DANN's domain classifier relative to the rest
 * @param dannWarmup   fraction of the steps DANN trains with lambda 0 (source labels only) before its
 *                     schedule starts over the remaining steps
 */
public record DomainOptions(int steps, int batch, double learningRate, int domainHidden, double coralWeight,
                            double mmdWeight, double dannLambda, double domainRateFactor, double dannWarmup) {
    /** Without a warm-up. */
    public DomainOptions(int steps, int batch, double learningRate, int domainHidden, double coralWeight, double mmdWeight,
                         double dannLambda, double domainRateFactor) {
        this(steps, batch, learningRate, domainHidden, coralWeight, mmdWeight, dannLambda, domainRateFactor, 0);
    }

    /** DANN's reversal strength at {@code step}: 0 during the warm-up, then the paper's schedule times dannLambda. */
    public double lambdaAt(int step) {
        double p = ((double) step / steps - dannWarmup) / (1 - dannWarmup);
        return p <= 0 ? 0 : dannLambda * GradientReversal.scheduledLambda(p);
    }

    public DomainOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (batch < 2) {
            throw new IllegalArgumentException("batch must be >= 2 (covariances need two rows per domain), got " + batch);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0,1), got " + learningRate);
        }
        if (domainHidden < 1) {
            throw new IllegalArgumentException("domainHidden must be >= 1, got " + domainHidden);
        }
        if (!(dannWarmup >= 0 && dannWarmup < 1)) {
            throw new IllegalArgumentException("dannWarmup must be in [0,1), got " + dannWarmup);
        }
        if (!(domainRateFactor > 0)) {
            throw new IllegalArgumentException("domainRateFactor must be > 0, got " + domainRateFactor);
        }
        if (!(dannLambda > 0)) {
            throw new IllegalArgumentException("dannLambda must be > 0, got " + dannLambda);
        }
        if (!(coralWeight >= 0) || !(mmdWeight >= 0)) {
            throw new IllegalArgumentException("coralWeight and mmdWeight must be >= 0, got " + coralWeight + ", " + mmdWeight);
        }
    }
}
