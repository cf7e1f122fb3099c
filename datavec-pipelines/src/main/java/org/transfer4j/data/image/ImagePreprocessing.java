package org.transfer4j.data.image;

import org.transfer4j.common.Normalization;

/**
 * How a decoded image becomes network input, fixed by the model it feeds (so it cannot drift from the
 * weights; dl4j-transfer builds it from a catalogue entry and stores it with every trained model).
 *
 * <ul>
 *   <li>size: {@code height} x {@code width}; evaluation resizes the shorter side to
 *       {@code resizeShorter} then centre-crops, training takes a random resized crop;</li>
 *   <li>channels: 3 in {@code channelOrder} RGB or BGR, or 1 (GREY); grey sources get 3 equal
 *       channels for colour models;</li>
 *   <li>values: the {@link Normalization} of each channel's pixel;</li>
 *   <li>layout: the array layout the network takes, NCHW (DL4J's zoo) or NHWC (channels-last Keras and
 *       TF.js imports).</li>
 * </ul>
 */
public record ImagePreprocessing(int height, int width, int resizeShorter, ChannelOrder channelOrder,
                                 Normalization normalization, Layout layout) {
    public enum ChannelOrder { RGB, BGR, GREY }

    /** Batch array layout: [n, channels, height, width] or [n, height, width, channels]. */
    public enum Layout { NCHW, NHWC }

    /** NCHW, DL4J's own layout. */
    public ImagePreprocessing(int height, int width, int resizeShorter, ChannelOrder channelOrder, Normalization normalization) {
        this(height, width, resizeShorter, channelOrder, normalization, Layout.NCHW);
    }

    public ImagePreprocessing {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("height and width must be positive, got " + height + "x" + width);
        }
        if (resizeShorter < Math.min(height, width)) {
            throw new IllegalArgumentException("resizeShorter must be >= the crop size " + Math.min(height, width)
                    + ", got " + resizeShorter);
        }
        layout = layout == null ? Layout.NCHW : layout; // records written before layouts existed are NCHW
        if (channelOrder == null || normalization == null) {
            throw new IllegalArgumentException("channelOrder and normalization are required");
        }
        int c = channelOrder == ChannelOrder.GREY ? 1 : 3;
        if (normalization.channelValues() != 1 && normalization.channelValues() != c) {
            throw new IllegalArgumentException(channelOrder + " images have " + c + " channels but the normalization"
                    + " gives " + normalization.channelValues() + " per-channel values: " + normalization);
        }
    }

    /** The same preprocessing for a network that takes {@code l}. */
    public ImagePreprocessing withLayout(Layout l) {
        return new ImagePreprocessing(height, width, resizeShorter, channelOrder, normalization, l);
    }

    /**
     * The same preprocessing at {@code side} x {@code side}, the resize before the crop scaled alike: for a fully
     * convolutional network fed smaller (faster) or larger images than it was trained on.
     */
    public ImagePreprocessing withSize(int side) {
        if (side < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + side);
        }
        int shorter = Math.max(side, (int) Math.round((double) resizeShorter * side / Math.min(height, width)));
        return new ImagePreprocessing(side, side, shorter, channelOrder, normalization, layout);
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
        return new ImagePreprocessing(size, size, defaultResizeShorter(size), ChannelOrder.RGB, Normalization.scaleTo(0, 1));
    }

    /** The value for raw pixel {@code x} of output channel {@code c}. */
    public double apply(double x, int c) {
        return normalization.apply(x, c);
    }

    /** Raw value a_c with {@code apply(x, c) = a_c * x + b_c} (every normalisation is affine per channel). */
    public double slope(int c) {
        return apply(1, c) - apply(0, c);
    }

    /** Raw value b_c with {@code apply(x, c) = a_c * x + b_c}. */
    public double offset(int c) {
        return apply(0, c);
    }

    /**
     * The 8-bit pixel, per channel of a decoded B, G, R image, that this preprocessing maps closest to 0:
     * the fill value of random erasing.
     */
    public int[] zeroPixelBgr() {
        int[] bgr = new int[3];
        for (int k = 0; k < 3; k++) {
            int c = switch (channelOrder) {
                case RGB -> 2 - k;
                case BGR -> k;
                case GREY -> 0;
            };
            bgr[k] = (int) Math.max(0, Math.min(255, Math.round(-offset(c) / slope(c))));
        }
        return bgr;
    }
}
