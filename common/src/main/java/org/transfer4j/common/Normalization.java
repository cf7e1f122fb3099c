package org.transfer4j.common;

import java.util.List;

/**
 * How raw pixel values x in [0, scale] become network input, per channel c:
 * {@code MEAN_SUBTRACT}: x - mean[c] (VGG/caffe style, no scaling); {@code MEAN_STD}:
 * (x / scale - mean[c]) / std[c]; {@code SCALE}: x / scale mapped linearly onto {@code range}.
 * One record for the model catalogue and the image pipeline, so the two cannot disagree.
 */
public record Normalization(Kind kind, double scale, List<Double> mean, List<Double> std, List<Double> range) {
    public enum Kind { MEAN_SUBTRACT, MEAN_STD, SCALE }

    public Normalization {
        if (kind == null) {
            throw new IllegalArgumentException("normalization kind is required (MEAN_SUBTRACT, MEAN_STD or SCALE)");
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        switch (kind) {
            case MEAN_SUBTRACT -> require(mean != null && !mean.isEmpty(), "MEAN_SUBTRACT needs mean, got " + mean);
            case MEAN_STD -> require(mean != null && std != null && mean.size() == std.size()
                    && std.stream().allMatch(s -> s > 0), "MEAN_STD needs mean and positive std of equal length, got mean "
                    + mean + " std " + std);
            case SCALE -> require(range != null && range.size() == 2 && range.get(0) < range.get(1),
                    "SCALE needs range [lo, hi] with lo < hi, got " + range);
            default -> throw new IllegalStateException();
        }
    }

    public static Normalization meanSubtract(List<Double> mean) {
        return new Normalization(Kind.MEAN_SUBTRACT, 255, mean, null, null);
    }

    public static Normalization scaleTo(double lo, double hi) {
        return new Normalization(Kind.SCALE, 255, null, null, List.of(lo, hi));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The value for raw pixel {@code x} of channel {@code c}. */
    public double apply(double x, int c) {
        return switch (kind) {
            case MEAN_SUBTRACT -> x - mean.get(c % mean.size());
            case MEAN_STD -> (x / scale - mean.get(c % mean.size())) / std.get(c % std.size());
            case SCALE -> range.get(0) + (range.get(1) - range.get(0)) * x / scale;
        };
    }

    /** Number of per-channel values given (1 means: the same for every channel). */
    public int channelValues() {
        return kind == Kind.SCALE ? 1 : mean.size();
    }
}
