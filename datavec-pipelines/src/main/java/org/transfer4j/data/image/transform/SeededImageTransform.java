package org.transfer4j.data.image.transform;

import java.util.Random;

import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

/**
 * An OpenCV operation as a DataVec {@link org.datavec.image.transform.ImageTransform} whose every
 * random choice comes from the {@link Random} it is handed: {@code transform(image, random)} with a
 * generator made from (seed, epoch, sample index) gives a result that depends on nothing else, which is
 * how {@link org.transfer4j.data.image.SeededImageRecordReader} calls it. Called with one argument (as a
 * plain DataVec {@code ImageRecordReader} does), it draws from its own generator, seeded at construction.
 *
 * <p>One instance may serve several threads: it keeps no state between calls, and javacv's frame
 * converter, which caches its last frame in a field, is one per thread.
 */
public abstract class SeededImageTransform extends BaseImageTransform<Mat> {
    private static final ThreadLocal<OpenCVFrameConverter.ToMat> CONVERTER =
            ThreadLocal.withInitial(OpenCVFrameConverter.ToMat::new);

    protected SeededImageTransform(long seed) {
        super(new Random(seed));
    }

    /** This thread's converter between DataVec's frames and OpenCV matrices. */
    public static OpenCVFrameConverter.ToMat converter() {
        return CONVERTER.get();
    }

    @Override
    protected final ImageWritable doTransform(ImageWritable image, Random rng) {
        if (image == null) {
            return null;
        }
        OpenCVFrameConverter.ToMat c = converter();
        Mat out = apply(c.convert(image.getFrame()), rng == null ? random : rng);
        return new ImageWritable(c.convert(out));
    }

    /** The transformed image (8-bit, 1 or 3 channels); may change {@code image} in place and return it. */
    protected abstract Mat apply(Mat image, Random rng);

    static void requireIn(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + "," + hi + "], got " + v);
        }
    }
}
