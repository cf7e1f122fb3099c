package org.transfer4j.zoo.catalogue;

import java.util.Arrays;
import java.util.List;

/**
 * How pixels in [0, scale] become network input, per channel in the entry's channel order:
 * {@code MEAN_SUBTRACT}: x - mean[c] (VGG/caffe style, no scaling); {@code MEAN_STD}:
 * (x / scale - mean[c]) / std[c]; {@code SCALE}: x / scale mapped linearly onto {@code range}.
 */
public record Preprocessing(Kind kind, double scale, List<Double> mean, List<Double> std, List<Double> range) {
    public enum Kind { MEAN_SUBTRACT, MEAN_STD, SCALE }

    public Preprocessing {
        if (kind == null) {
            throw new IllegalArgumentException("preprocessing.kind is required (MEAN_SUBTRACT, MEAN_STD or SCALE)");
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("preprocessing.scale must be > 0, got " + scale);
        }
        switch (kind) {
            case MEAN_SUBTRACT -> require(mean != null && !mean.isEmpty(), "MEAN_SUBTRACT needs preprocessing.mean");
            case MEAN_STD -> require(mean != null && std != null && mean.size() == std.size()
                    && std.stream().allMatch(s -> s > 0), "MEAN_STD needs mean and positive std of equal length, got mean "
                    + mean + " std " + std);
            case SCALE -> require(range != null && range.size() == 2 && range.get(0) < range.get(1),
                    "SCALE needs preprocessing.range [lo, hi] with lo < hi, got " + range);
            default -> throw new IllegalStateException();
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The formula applied to one raw pixel value {@code x} of channel {@code c}. */
    public double apply(double x, int c) {
        return switch (kind) {
            case MEAN_SUBTRACT -> x - mean.get(c % mean.size());
            case MEAN_STD -> (x / scale - mean.get(c % mean.size())) / std.get(c % std.size());
            case SCALE -> range.get(0) + (range.get(1) - range.get(0)) * x / scale;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case MEAN_SUBTRACT -> "x - " + mean;
            case MEAN_STD -> "(x/" + scale + " - " + mean + ") / " + std;
            case SCALE -> "x/" + scale + " -> " + Arrays.toString(range.toArray());
        };
    }
}
