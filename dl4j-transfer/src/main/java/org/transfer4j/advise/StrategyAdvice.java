package org.transfer4j.advise;

import java.util.List;

import org.transfer4j.plan.Strategy;

/**
 * What {@link StrategyAdvisor} measured and recommends: every budgeted probe run, each strategy's learning
 * curve extrapolated to the full training set with the predicted wall time of its full run, and the
 * recommendation.
 *
 * @param trainExamples      the task's training examples (what the full run trains on)
 * @param validationExamples the task's validation examples
 * @param probeValidation    the validation examples every probe was measured on
 */
public record StrategyAdvice(String base, String cut, int trainExamples, int validationExamples, int probeValidation,
                             double budgetSeconds, double seconds, List<Probe> probes, List<Curve> curves,
                             Recommendation recommendation) {
    public StrategyAdvice {
        probes = List.copyOf(probes);
        curves = List.copyOf(curves);
    }

    /**
     * One short run: a strategy on a nested, class-balanced subset of the training data. {@code skipped} says why
     * a planned probe did not run or did not finish (the budget, an error); its accuracy is then NaN.
     */
    public record Probe(Strategy strategy, double learningRate, int examples, int epochs, double validationAccuracy,
                        double seconds, String skipped) {
        public boolean ran() {
            return skipped == null;
        }

        public String label() {
            return strategy.describe();
        }
    }

    /**
     * A strategy's learning curve (error rate {@code errorScale * n^-exponent}) from its finished probes at the base
     * learning rate, its expected validation accuracy on the full training set with the standard error of one run
     * there, and the predicted seconds of that full run ({@code fullEpochs} epochs). {@code largestProbeAccuracy} is
     * what its largest probe measured, {@code largestProbeError} that measurement's binomial standard error: the
     * noise that decides which strategies the probes can tell apart.
     */
    public record Curve(Strategy strategy, int points, double errorScale, double exponent,
                        double expectedAccuracy, double standardError, double expectedSeconds, int fullEpochs,
                        double largestProbeAccuracy, double largestProbeError) {
        public String label() {
            return strategy.describe();
        }

        /** Whether this is the from-scratch baseline's curve. */
        public boolean scratch() {
            return strategy instanceof Strategy.Scratch;
        }

        /** The expected accuracy at {@code n} training examples on this curve. */
        public double accuracyAt(double n) {
            return Math.max(0, 1 - Math.min(1, errorScale * Math.pow(n, -exponent)));
        }
    }

    /**
     * The strategy to start with, the blocks it trains (empty for feature extraction; every layer from scratch),
     * the learning-rate range the probes support, and what its full run is expected to give and cost; {@code strategy}
     * is the value to hand to {@code Transfer.strategy}.
     */
    public record Recommendation(Strategy strategy, List<String> trainedBlocks, double learningRateLow, double learningRateHigh,
                                 double expectedAccuracy, double standardError, double expectedSeconds,
                                 boolean scratchBetter, boolean scratchAsGood, String text) {
        public Recommendation {
            trainedBlocks = List.copyOf(trainedBlocks);
        }

        public String label() {
            return strategy.describe();
        }
    }

    /** The probes as a Markdown table. */
    public String probeTable() {
        StringBuilder sb = new StringBuilder("| strategy | learning rate | training examples | epochs | validation accuracy | seconds |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (Probe p : probes) {
            sb.append(String.format("| %s | %.0e | %d | %d | %s | %.1f |%n", p.label(), p.learningRate(), p.examples(),
                    p.epochs(), p.ran() ? String.format("%.3f", p.validationAccuracy()) : "not run: " + p.skipped(), p.seconds()));
        }
        return sb.toString();
    }

    /** The curves as a Markdown table. */
    public String curveTable() {
        StringBuilder sb = new StringBuilder(String.format("| strategy | probes | largest probe | error exponent |"
                + " expected accuracy at %d examples | standard error | expected full-run seconds |%n"
                + "|---|---:|---:|---:|---:|---:|---:|%n", trainExamples));
        for (Curve c : curves) {
            sb.append(String.format("| %s | %d | %.3f ± %.3f | %.2f | %.3f | %.3f | %.0f (%d epochs) |%n", c.label(), c.points(),
                    c.largestProbeAccuracy(), c.largestProbeError(), c.exponent(), c.expectedAccuracy(), c.standardError(),
                    c.expectedSeconds(), c.fullEpochs()));
        }
        return sb.toString();
    }
}
