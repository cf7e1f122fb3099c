package org.transfer4j.advise;

import java.util.ArrayList;
import java.util.List;

/**
 * The wall time of a full training run, predicted from short runs of the same strategy on subsets. A run's
 * time is a fixed part (loading the base and, for feature extraction, featurizing its images: a line in the
 * number of images it reads) plus its epochs; an epoch's time is a line in its training steps, whose intercept
 * is mostly the validation pass and scales with the validation set. Lines through one distinct x fall back to
 * proportional.
 */
public final class WallTime {
    /** One finished epoch of a run: its training steps and seconds. */
    public record Epoch(int steps, double seconds) {
    }

    /** One short run: training and validation examples, total seconds, and its epochs. */
    public record Run(int trainExamples, int validationExamples, double seconds, List<Epoch> epochs) {
        public Run {
            epochs = List.copyOf(epochs);
        }

        double fixedSeconds() {
            return Math.max(0, seconds - epochs.stream().mapToDouble(Epoch::seconds).sum());
        }
    }

    private final Line fixed;
    private final Line epoch;
    private final double probeValidation;

    private WallTime(Line fixed, Line epoch, double probeValidation) {
        this.fixed = fixed;
        this.epoch = epoch;
        this.probeValidation = probeValidation;
    }

    public static WallTime fit(List<Run> runs) {
        if (runs == null || runs.isEmpty() || runs.stream().allMatch(r -> r.epochs().isEmpty())) {
            throw new IllegalArgumentException("a wall-time model needs at least one run with an epoch, got " + runs);
        }
        List<double[]> fixedPoints = new ArrayList<>();
        List<double[]> epochPoints = new ArrayList<>();
        double validation = 0;
        for (Run r : runs) {
            fixedPoints.add(new double[] {r.trainExamples() + r.validationExamples(), r.fixedSeconds()});
            r.epochs().forEach(e -> epochPoints.add(new double[] {e.steps(), e.seconds()}));
            validation += r.validationExamples();
        }
        return new WallTime(Line.fit(fixedPoints), Line.fit(epochPoints), validation / runs.size());
    }

    /** Seconds of a run over {@code trainExamples} and {@code validationExamples}, {@code epochs} epochs of {@code stepsPerEpoch}. */
    public double predict(int trainExamples, int validationExamples, int epochs, int stepsPerEpoch) {
        double validationScale = probeValidation > 0 ? validationExamples / probeValidation : 1;
        double perEpoch = epoch.intercept() * validationScale + epoch.slope() * stepsPerEpoch;
        return Math.max(0, fixed.at(trainExamples + validationExamples)) + epochs * Math.max(0, perEpoch);
    }

    /** Least squares y = a + b x with b >= 0 (flat at the mean when it would fall); through the origin when every x is the same. */
    record Line(double intercept, double slope) {
        static Line fit(List<double[]> points) {
            double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
            double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
            double sxx = points.stream().mapToDouble(p -> (p[0] - mx) * (p[0] - mx)).sum();
            if (sxx <= 1e-12 * Math.max(1, mx * mx)) {
                return new Line(0, mx > 0 ? my / mx : 0);
            }
            double sxy = points.stream().mapToDouble(p -> (p[0] - mx) * (p[1] - my)).sum();
            // More images or steps never take less time: a falling line is noise (a JIT warming up, a cache hit).
            double b = Math.max(0, sxy / sxx);
            return new Line(my - b * mx, b);
        }

        double at(double x) {
            return intercept + slope * x;
        }
    }
}
