package org.transfer4j.data.image.transform;

import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One affine warp: a rotation about the centre by an angle uniform in [-maxDegrees, maxDegrees]
 * (positive = counter-clockwise, OpenCV's convention) and a shift uniform in [-f, f] of the width and of
 * the height; edges are reflected so no black corners appear.
 */
public final class RotateTranslate extends SeededImageTransform {
    private final double maxDegrees;
    private final double maxShiftFraction;

    public RotateTranslate(double maxDegrees, double maxShiftFraction) {
        this(maxDegrees, maxShiftFraction, 0);
    }

    public RotateTranslate(double maxDegrees, double maxShiftFraction, long seed) {
        super(seed);
        requireIn("maxDegrees", maxDegrees, 0, 180);
        requireIn("maxShiftFraction", maxShiftFraction, 0, 0.5);
        this.maxDegrees = maxDegrees;
        this.maxShiftFraction = maxShiftFraction;
    }

    @Override
    protected Mat apply(Mat image, Random rng) {
        double deg = (2 * rng.nextDouble() - 1) * maxDegrees;
        double dx = (2 * rng.nextDouble() - 1) * maxShiftFraction * image.cols();
        double dy = (2 * rng.nextDouble() - 1) * maxShiftFraction * image.rows();
        return ImageOps.replace(image, ImageOps.affine(image, deg, dx, dy));
    }
}
