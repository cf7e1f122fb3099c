package org.transfer4j.data.image.transform;

import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;

/** Evaluation geometry: the shorter side resized to {@code resizeShorter}, then a centred crop. No randomness. */
public final class ResizeCentreCrop extends SeededImageTransform {
    private final int resizeShorter;
    private final int width;
    private final int height;

    public ResizeCentreCrop(int resizeShorter, int width, int height) {
        super(0);
        if (width <= 0 || height <= 0 || resizeShorter < Math.min(width, height)) {
            throw new IllegalArgumentException("need width, height > 0 and resizeShorter >= min(width, height), got "
                    + resizeShorter + " for " + width + "x" + height);
        }
        this.resizeShorter = resizeShorter;
        this.width = width;
        this.height = height;
    }

    @Override
    protected Mat apply(Mat image, Random rng) {
        return ImageOps.resizeShorterCentreCrop(image, resizeShorter, width, height);
    }
}
