package org.transfer4j.data.image;

import java.util.List;

/**
 * How a decoded image becomes network input, fixed by the model it feeds (so it cannot drift from the
 * weights; dl4j-transfer builds it from a catalogue entry and stores it with every trained model).
 *
 * <ul>
 *   <li>size: {@code height} x {@code width}; evaluation resizes the shorter side to
 *       {@code resizeShorter} then centre-crops, training takes a random resized crop;</li>
 *   <li>channels: 3 in {@code channelOrder} RGB or BGR, or 1 (GREY); grey sources get 3 equal
 *       channels for colour models;</li>
 *   <li>values, per channel c of pixel x in [0,255]: {@code MEAN_SUBTRACT}: x - mean[c];
 *       {@code MEAN_STD}: (x/scale - mean[c]) / std[c]; {@code SCALE}: range[0] + (range[1]-range[0]) x/scale.</li>
 * </ul>
 */
public record ImagePreprocessing(int height, int width, int resizeShorter, ChannelOrder channelOrder, Kind kind,
                                 double scale, List<Double> mean, List<Double> std, List<Double> range) {
    public enum ChannelOrder { RGB, BGR, GREY }

    public enum Kind { MEAN_SUBTRACT, MEAN_STD, SCALE }

    public ImagePreprocessing {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("height and width must be positive, got " + height + "x" + width);
        }
        if (resizeShorter < Math.min(height, width)) {
            throw new IllegalArgumentException("resizeShorter must be >= the crop size " + Math.min(height, width)
                    + ", got " + resizeShorter);
        }
        if (channelOrder == null || kind == null) {
            throw new IllegalArgumentException("channelOrder and kind are required");
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        int c = channelOrder == ChannelOrder.GREY ? 1 : 3;
        switch (kind) {
            case MEAN_SUBTRACT -> require(mean != null && (mean.size() == c || mean.size() == 1),
                    "MEAN_SUBTRACT needs " + c + " means, got " + mean);
            case MEAN_STD -> require(mean != null && std != null && mean.size() == std.size() && std.stream().allMatch(s -> s > 0),
                    "MEAN_STD needs means and positive stds of equal length, got " + mean + " / " + std);
            case SCALE -> require(range != null && range.size() == 2 && range.get(0) < range.get(1),
                    "SCALE needs range [lo, hi] with lo < hi, got " + range);
            default -> throw new IllegalStateException();
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public int channels() {
        return channelOrder == ChannelOrder.GREY ? 1 : 3;
    }

    /** ImageNet-style evaluation resize: shorter side to size/0.875 (256 for 224), then centre crop. */
    public static int defaultResizeShorter(int size) {
        return (int) Math.round(size / 0.875);
    }

    /** Scale to [0,1], RGB, at {@code size} x {@code size}. */
    public static ImagePreprocessing unitRgb(int size) {
        return new ImagePreprocessing(size, size, defaultResizeShorter(size), ChannelOrder.RGB, Kind.SCALE, 255, null, null,
                List.of(0.0, 1.0));
    }

    /** The value for raw pixel {@code x} of output channel {@code c}. */
    public double apply(double x, int c) {
        return switch (kind) {
            case MEAN_SUBTRACT -> x - mean.get(c % mean.size());
            case MEAN_STD -> (x / scale - mean.get(c % mean.size())) / std.get(c % std.size());
            case SCALE -> range.get(0) + (range.get(1) - range.get(0)) * x / scale;
        };
    }
}
