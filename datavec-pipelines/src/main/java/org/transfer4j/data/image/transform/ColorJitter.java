package org.transfer4j.data.image.transform;

import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Brightness, contrast and saturation jitter (torchvision's {@code ColorJitter} without hue), in that
 * order, each factor uniform in [1 - x, 1 + x]: brightness multiplies every value, contrast scales
 * around the image's grey mean, saturation blends with the image's grey version. 0 turns one off.
 */
public final class ColorJitter extends SeededImageTransform {
    private final double brightness;
    private final double contrast;
    private final double saturation;

    public ColorJitter(double brightness, double contrast, double saturation) {
        this(brightness, contrast, saturation, 0);
    }

    public ColorJitter(double brightness, double contrast, double saturation, long seed) {
        super(seed);
        requireIn("brightness", brightness, 0, 1);
        requireIn("contrast", contrast, 0, 1);
        requireIn("saturation", saturation, 0, 1);
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
    }

    @Override
    protected Mat apply(Mat image, Random rng) {
        if (brightness > 0) {
            ImageOps.brightness(image, 1 + (2 * rng.nextDouble() - 1) * brightness);
        }
        if (contrast > 0) {
            ImageOps.contrast(image, 1 + (2 * rng.nextDouble() - 1) * contrast);
        }
        if (saturation > 0 && image.channels() == 3) {
            ImageOps.saturation(image, 1 + (2 * rng.nextDouble() - 1) * saturation);
        }
        return image;
    }
}
