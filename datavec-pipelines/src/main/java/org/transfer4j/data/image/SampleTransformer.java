package org.transfer4j.data.image;

import java.util.Random;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decode, resize/crop, augment and normalise one sample into a slot of a batch array. Stateless: the
 * randomness is the {@link Random} passed in.
 */
record SampleTransformer(ImagePreprocessing pre, AugmentationSpec aug) {

    /** Writes sample {@code i} of {@code source} at {@code offset}; throws if it cannot be decoded. */
    void transform(ImageSource source, int i, Random rng, float[] out, int offset) throws BadImageException {
        // Every Mat made inside the scope is freed at its end, on whatever path.
        try (PointerScope scope = new PointerScope()) {
            Mat img = source.decode(i);
            int w = pre.width();
            int h = pre.height();
            if (aug == null || aug.isNone()) {
                img = ImageOps.resizeShorterCentreCrop(img, pre.resizeShorter(), w, h);
            } else {
                img = aug.cropScaleMin() < 1 ? ImageOps.randomResizedCrop(img, aug.cropScaleMin(), w, h, rng)
                        : ImageOps.resizeShorterCentreCrop(img, pre.resizeShorter(), w, h);
                if (rng.nextDouble() < aug.flipProbability()) {
                    ImageOps.flipHorizontal(img);
                }
                if (aug.rotationDegrees() > 0 || aug.translateFraction() > 0) {
                    double deg = (2 * rng.nextDouble() - 1) * aug.rotationDegrees();
                    double dx = (2 * rng.nextDouble() - 1) * aug.translateFraction() * w;
                    double dy = (2 * rng.nextDouble() - 1) * aug.translateFraction() * h;
                    img = ImageOps.affine(img, deg, dx, dy);
                }
                if (aug.randAugmentOps() > 0) {
                    img = ImageOps.randAugment(img, aug.randAugmentOps(), aug.randAugmentMagnitude(), rng);
                }
                if (aug.brightness() > 0) {
                    ImageOps.brightness(img, 1 + (2 * rng.nextDouble() - 1) * aug.brightness());
                }
                if (aug.contrast() > 0) {
                    ImageOps.contrast(img, 1 + (2 * rng.nextDouble() - 1) * aug.contrast());
                }
                if (aug.saturation() > 0) {
                    ImageOps.saturation(img, 1 + (2 * rng.nextDouble() - 1) * aug.saturation());
                }
            }
            TensorWriter.write(img, pre, out, offset);
            if (aug != null && aug.erasingProbability() > 0 && rng.nextDouble() < aug.erasingProbability()) {
                TensorWriter.erase(out, offset, pre.channels(), h, w, rng);
            }
        }
    }
}
