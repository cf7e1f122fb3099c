package org.transfer4j.data.image;

/**
 * Training-time augmentation, applied after decoding, in this order: random resized crop, horizontal
 * flip, rotation + translation (one affine warp), RandAugment, brightness / contrast / saturation
 * jitter; random erasing after normalisation. Every field is validated with the bad value quoted.
 *
 * @param cropScaleMin   random resized crop: smallest area fraction (1 = plain resize); aspect ratio 3/4..4/3
 * @param flipProbability horizontal flip probability
 * @param rotationDegrees rotation uniformly in [-d, d]
 * @param translateFraction shift uniformly in [-f, f] of the size, both axes
 * @param brightness     multiply by 1 + U[-b, b]
 * @param contrast       scale around the mean by 1 + U[-c, c]
 * @param saturation     blend with grey by 1 + U[-s, s]
 * @param erasingProbability random erasing probability (a rectangle of 2-33% of the area set to 0)
 * @param randAugmentOps RandAugment: operations per image (0 = off)
 * @param randAugmentMagnitude RandAugment magnitude, 0..30
 */
public record AugmentationSpec(double cropScaleMin, double flipProbability, double rotationDegrees,
                               double translateFraction, double brightness, double contrast, double saturation,
                               double erasingProbability, int randAugmentOps, int randAugmentMagnitude) {

    public AugmentationSpec {
        range("cropScaleMin", cropScaleMin, 0.01, 1);
        range("flipProbability", flipProbability, 0, 1);
        range("rotationDegrees", rotationDegrees, 0, 180);
        range("translateFraction", translateFraction, 0, 0.5);
        range("brightness", brightness, 0, 1);
        range("contrast", contrast, 0, 1);
        range("saturation", saturation, 0, 1);
        range("erasingProbability", erasingProbability, 0, 1);
        if (randAugmentOps < 0 || randAugmentOps > 5) {
            throw new IllegalArgumentException("randAugmentOps must be in [0,5], got " + randAugmentOps);
        }
        if (randAugmentMagnitude < 0 || randAugmentMagnitude > 30) {
            throw new IllegalArgumentException("randAugmentMagnitude must be in [0,30], got " + randAugmentMagnitude);
        }
    }

    private static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + "," + hi + "], got " + v);
        }
    }

    /** No augmentation: training images are resized like evaluation images. */
    public static AugmentationSpec none() {
        return new AugmentationSpec(1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The usual ImageNet fine-tuning recipe: random resized crop from 8% area, flips, mild colour jitter. */
    public static AugmentationSpec standard() {
        return new AugmentationSpec(0.08, 0.5, 0, 0, 0.2, 0.2, 0.2, 0, 0, 0);
    }

    /** RandAugment with N operations at magnitude M, plus crop and flip. */
    public static AugmentationSpec randAugment(int n, int m) {
        return new AugmentationSpec(0.08, 0.5, 0, 0, 0, 0, 0, 0, n, m);
    }

    public AugmentationSpec withErasing(double p) {
        return new AugmentationSpec(cropScaleMin, flipProbability, rotationDegrees, translateFraction, brightness,
                contrast, saturation, p, randAugmentOps, randAugmentMagnitude);
    }

    public boolean isNone() {
        return equals(none());
    }
}
