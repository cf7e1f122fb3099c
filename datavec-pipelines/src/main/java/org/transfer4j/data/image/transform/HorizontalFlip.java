package org.transfer4j.data.image.transform;

import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;

/** Mirrors the image left to right with probability {@code p}. */
public final class HorizontalFlip extends SeededImageTransform {
    private final double p;

    public HorizontalFlip(double p) {
        this(p, 0);
    }

    public HorizontalFlip(double p, long seed) {
        super(seed);
        requireIn("flip probability", p, 0, 1);
        this.p = p;
    }

    @Override
    protected Mat apply(Mat image, Random rng) {
        if (rng.nextDouble() < p) {
            ImageOps.flipHorizontal(image);
        }
        return image;
    }
}
