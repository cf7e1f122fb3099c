package org.transfer4j.data.image.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * RandAugment (Cubuk et al., 2020): {@code n} operations drawn uniformly, with replacement, from
 * {@link Op}, each applied at magnitude {@code m} of 30 with a random sign where it has one. The
 * magnitudes follow the paper's ranges: rotation up to 30 degrees, translation up to 30% of the side,
 * brightness / contrast / saturation factors 1 +- 0.9, solarize threshold 256 down to 0, posterize 8 down
 * to 4 bits.
 */
public final class RandAugment extends SeededImageTransform {
    /** The operations; {@link #apply(Mat, int, double)} applies one at magnitude m (0..30) and sign +-1. */
    public enum Op {
        IDENTITY, ROTATE, TRANSLATE_X, TRANSLATE_Y, BRIGHTNESS, CONTRAST, SATURATION, SOLARIZE, POSTERIZE;

        /** The operation's amount at magnitude {@code m}: degrees, pixels fraction, factor, threshold or bits. */
        public double amount(int m, double sign) {
            double level = m / 30.0;
            return switch (this) {
                case IDENTITY -> 0;
                case ROTATE -> sign * 30 * level;
                case TRANSLATE_X, TRANSLATE_Y -> sign * 0.3 * level;
                case BRIGHTNESS, CONTRAST, SATURATION -> 1 + sign * 0.9 * level;
                case SOLARIZE -> Math.round(256 - 256 * level);
                case POSTERIZE -> Math.max(1, Math.round(8 - 4 * level));
            };
        }

        /** The image with this operation applied (possibly {@code img} itself, changed in place). */
        public Mat apply(Mat img, int m, double sign) {
            double a = amount(m, sign);
            return switch (this) {
                case IDENTITY -> img;
                case ROTATE -> ImageOps.replace(img, ImageOps.affine(img, a, 0, 0));
                case TRANSLATE_X -> ImageOps.replace(img, ImageOps.affine(img, 0, a * img.cols(), 0));
                case TRANSLATE_Y -> ImageOps.replace(img, ImageOps.affine(img, 0, 0, a * img.rows()));
                case BRIGHTNESS -> {
                    ImageOps.brightness(img, a);
                    yield img;
                }
                case CONTRAST -> {
                    ImageOps.contrast(img, a);
                    yield img;
                }
                case SATURATION -> {
                    if (img.channels() == 3) {
                        ImageOps.saturation(img, a);
                    }
                    yield img;
                }
                case SOLARIZE -> {
                    ImageOps.solarize(img, (int) a);
                    yield img;
                }
                case POSTERIZE -> {
                    ImageOps.posterize(img, (int) a);
                    yield img;
                }
            };
        }
    }

    /** One drawn operation and its sign. */
    public record Step(Op op, double sign) {
    }

    private final int n;
    private final int m;

    public RandAugment(int n, int m) {
        this(n, m, 0);
    }

    public RandAugment(int n, int m, long seed) {
        super(seed);
        if (n < 0 || n > 5) {
            throw new IllegalArgumentException("RandAugment n (operations per image) must be in [0,5], got " + n);
        }
        if (m < 0 || m > 30) {
            throw new IllegalArgumentException("RandAugment m (magnitude) must be in [0,30], got " + m);
        }
        this.n = n;
        this.m = m;
    }

    /** The {@code n} operations this generator picks, in order. */
    public List<Step> plan(Random rng) {
        List<Step> steps = new ArrayList<>(n);
        Op[] ops = Op.values();
        for (int i = 0; i < n; i++) {
            double sign = rng.nextBoolean() ? 1 : -1;
            steps.add(new Step(ops[rng.nextInt(ops.length)], sign));
        }
        return steps;
    }

    @Override
    protected Mat apply(Mat image, Random rng) {
        Mat cur = image;
        for (Step s : plan(rng)) {
            cur = s.op().apply(cur, m, s.sign());
        }
        return cur;
    }
}
