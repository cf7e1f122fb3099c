package org.transfer4j.data.image.transform;

import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A crop of random area ({@code scaleMin}..1 of the image) and aspect ratio (3/4..4/3, log-uniform),
 * resized to {@code width} x {@code height}: Inception's and torchvision's training crop.
 */
public final class RandomResizedCrop extends SeededImageTransform {
    private final double scaleMin;
    private final int width;
    private final int height;

    public RandomResizedCrop(double scaleMin, int width, int height) {
        this(scaleMin, width, height, 0);
    }

    public RandomResizedCrop(double scaleMin, int width, int height, long seed) {
        super(seed);
        requireIn("scaleMin", scaleMin, 0.01, 1);
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, got " + width + "x" + height);
        }
        this.scaleMin = scaleMin;
        this.width = width;
        this.height = height;
    }

    @Override
    protected Mat apply(Mat image, Random rng) {
        return ImageOps.randomResizedCrop(image, scaleMin, width, height, rng);
    }
}
