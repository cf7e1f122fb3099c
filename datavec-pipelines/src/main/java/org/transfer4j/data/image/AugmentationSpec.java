package org.transfer4j.data.image;

import java.util.ArrayList;
import java.util.List;

import org.datavec.image.transform.ImageTransform;
import org.transfer4j.data.image.transform.Augmentation;
import org.transfer4j.data.image.transform.ColorJitter;
import org.transfer4j.data.image.transform.HorizontalFlip;
import org.transfer4j.data.image.transform.RandAugment;
import org.transfer4j.data.image.transform.RandomErasing;
import org.transfer4j.data.image.transform.RandomResizedCrop;
import org.transfer4j.data.image.transform.ResizeCentreCrop;
import org.transfer4j.data.image.transform.RotateTranslate;

/**
 * Training-time augmentation, applied after decoding, in this order: random resized crop, horizontal
 * flip, rotation + translation (one affine warp), RandAugment, brightness / contrast / saturation
 * jitter, random erasing (to the pixel that normalises to 0). Every field is validated with the bad value
 * quoted. {@link #toTransform} gives the DataVec transforms that do it.
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

    /**
     * The DataVec transforms of this spec for images fed to {@code pre}, in the documented order; the
     * first one always brings the image to {@code pre}'s size (a random resized crop, or the evaluation
     * resize and centre crop).
     */
    public Augmentation toTransform(ImagePreprocessing pre) {
        int w = pre.width();
        int h = pre.height();
        List<ImageTransform> t = new ArrayList<>();
        t.add(cropScaleMin < 1 ? new RandomResizedCrop(cropScaleMin, w, h) : new ResizeCentreCrop(pre.resizeShorter(), w, h));
        if (flipProbability > 0) {
            t.add(new HorizontalFlip(flipProbability));
        }
        if (rotationDegrees > 0 || translateFraction > 0) {
            t.add(new RotateTranslate(rotationDegrees, translateFraction));
        }
        if (randAugmentOps > 0) {
            t.add(new RandAugment(randAugmentOps, randAugmentMagnitude));
        }
        if (brightness > 0 || contrast > 0 || saturation > 0) {
            t.add(new ColorJitter(brightness, contrast, saturation));
        }
        if (erasingProbability > 0) {
            t.add(new RandomErasing(erasingProbability, pre.zeroPixelBgr()));
        }
        return Augmentation.of(t, 0);
    }
}
