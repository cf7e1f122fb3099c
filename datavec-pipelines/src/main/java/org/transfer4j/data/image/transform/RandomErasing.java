package org.transfer4j.data.image.transform;

import java.util.Random;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Random erasing (Zhong et al., 2020): with probability {@code p}, a rectangle of 2-33% of the area and
 * aspect ratio 0.3-3.3 (log-uniform) is filled with one value per channel. The pipeline fills with the
 * pixel that its normalisation maps to 0, so an erased region is zero in the network's input, as in
 * torchvision, where erasing runs on the normalised tensor.
 */
public final class RandomErasing extends SeededImageTransform {
    private final double p;
    private final int[] fill;

    /** @param fill the value of each channel of the matrix, in its order (B, G, R for DataVec's images) */
    public RandomErasing(double p, int... fill) {
        this(p, 0, fill);
    }

    public RandomErasing(double p, long seed, int... fill) {
        super(seed);
        requireIn("erasing probability", p, 0, 1);
        if (fill.length == 0) {
            throw new IllegalArgumentException("give the fill value of each channel (one value for all is fine)");
        }
        for (int v : fill) {
            requireIn("fill value", v, 0, 255);
        }
        this.p = p;
        this.fill = fill.clone();
    }

    /** The rectangle to erase in an image of {@code w} x {@code h}, or null when none is drawn. */
    Rect window(int w, int h, Random rng) {
        if (!(rng.nextDouble() < p)) {
            return null;
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = h * w * (0.02 + 0.31 * rng.nextDouble());
            double ratio = Math.exp(Math.log(0.3) + (Math.log(3.3) - Math.log(0.3)) * rng.nextDouble());
            int eh = (int) Math.round(Math.sqrt(area * ratio));
            int ew = (int) Math.round(Math.sqrt(area / ratio));
            if (eh < h && ew < w && eh > 0 && ew > 0) {
                return new Rect(rng.nextInt(w - ew + 1), rng.nextInt(h - eh + 1), ew, eh);
            }
        }
        return null;
    }

    @Override
    protected Mat apply(Mat image, Random rng) {
        Rect r = window(image.cols(), image.rows(), rng);
        if (r == null) {
            return image;
        }
        int channels = image.channels();
        try (UByteIndexer idx = image.createIndexer()) {
            for (int y = r.y(); y < r.y() + r.height(); y++) {
                for (int x = r.x(); x < r.x() + r.width(); x++) {
                    for (int c = 0; c < channels; c++) {
                        idx.put(y, x, c, fill[c % fill.length]);
                    }
                }
            }
        }
        r.close();
        return image;
    }
}
