package org.transfer4j.data.image.transform;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.LUT;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.Random;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The geometric and photometric operations of the pipeline on 8-bit BGR matrices. Every random
 * choice comes from the {@link Random} passed in, so a sample's result depends only on its seed.
 */
final class ImageOps {
    private ImageOps() {
    }

    static Mat resizeTo(Mat src, int w, int h) {
        Mat out = new Mat();
        boolean shrinking = w < src.cols() || h < src.rows();
        resize(src, out, new Size(w, h), 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
        return out;
    }

    /** Evaluation: shorter side to {@code shorter}, then a centred {@code w} x {@code h} crop. */
    static Mat resizeShorterCentreCrop(Mat src, int shorter, int w, int h) {
        double s = (double) shorter / Math.min(src.cols(), src.rows());
        int rw = Math.max(w, (int) Math.round(src.cols() * s));
        int rh = Math.max(h, (int) Math.round(src.rows() * s));
        Mat resized = resizeTo(src, rw, rh);
        Mat crop = new Mat(resized, new Rect((rw - w) / 2, (rh - h) / 2, w, h)).clone();
        resized.close();
        return crop;
    }

    /** Training: a crop of random area (scaleMin..1 of the image) and aspect ratio (3/4..4/3), resized. */
    static Mat randomResizedCrop(Mat src, double scaleMin, int w, int h, Random rng) {
        try (Mat roi = new Mat(src, cropWindow(src.cols(), src.rows(), scaleMin, rng))) {
            return resizeTo(roi, w, h);
        }
    }

    /**
     * The window of a random resized crop of a {@code W} x {@code H} image (torchvision's rule): up to 10
     * draws of an area of {@code scaleMin..1} of the image and a log-uniform aspect ratio in 3/4..4/3; the
     * first that fits is placed uniformly; if none fits, the centred square.
     */
    static Rect cropWindow(int W, int H, double scaleMin, Random rng) {
        double area = (double) W * H;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (scaleMin + (1 - scaleMin) * rng.nextDouble());
            double ratio = Math.exp(Math.log(3.0 / 4) + (Math.log(4.0 / 3) - Math.log(3.0 / 4)) * rng.nextDouble());
            int cw = (int) Math.round(Math.sqrt(target * ratio));
            int ch = (int) Math.round(Math.sqrt(target / ratio));
            if (cw > 0 && ch > 0 && cw <= W && ch <= H) {
                return new Rect(rng.nextInt(W - cw + 1), rng.nextInt(H - ch + 1), cw, ch);
            }
        }
        int side = Math.min(W, H);
        return new Rect((W - side) / 2, (H - side) / 2, side, side);
    }

    static void flipHorizontal(Mat m) {
        flip(m, m, 1);
    }

    /** Rotation by {@code degrees} about the centre and a shift of (dx, dy) pixels, edges reflected. */
    static Mat affine(Mat m, double degrees, double dx, double dy) {
        // The centre of pixel (0,0) is at 0, so the image's centre is at (size - 1) / 2, not size / 2 (which
        // turned every rotation about a point half a pixel off).
        Mat rot = getRotationMatrix2D(new Point2f((m.cols() - 1) / 2f, (m.rows() - 1) / 2f), degrees, 1.0);
        DoubleIndexer idx = rot.createIndexer();
        idx.put(0, 2, idx.get(0, 2) + dx);
        idx.put(1, 2, idx.get(1, 2) + dy);
        Mat out = new Mat();
        warpAffine(m, out, rot, m.size(), INTER_LINEAR, BORDER_REFLECT_101, new Scalar());
        rot.close();
        return out;
    }

    static void brightness(Mat m, double factor) {
        m.convertTo(m, -1, factor, 0);
    }

    static void contrast(Mat m, double factor) {
        double grey = greyMean(m);
        m.convertTo(m, -1, factor, (1 - factor) * grey);
    }

    static void saturation(Mat m, double factor) {
        try (Mat grey = new Mat(); Mat grey3 = new Mat()) {
            cvtColor(m, grey, COLOR_BGR2GRAY);
            cvtColor(grey, grey3, COLOR_GRAY2BGR);
            addWeighted(m, factor, grey3, 1 - factor, 0, m);
        }
    }

    /** Inverts every value at or above {@code threshold}. */
    static void solarize(Mat m, int threshold) {
        byte[] table = new byte[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (byte) (v >= threshold ? 255 - v : v);
        }
        applyTable(m, table);
    }

    /** Keeps the top {@code bits} bits of every value. */
    static void posterize(Mat m, int bits) {
        int mask = ~((1 << (8 - bits)) - 1) & 0xff;
        byte[] table = new byte[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (byte) (v & mask);
        }
        applyTable(m, table);
    }

    /** A per-value mapping through OpenCV's LUT (same table for every channel). */
    private static void applyTable(Mat m, byte[] table) {
        try (Mat lut = new Mat(1, 256, CV_8U)) {
            lut.data().put(table);
            LUT(m, lut, m);
        }
    }

    private static double greyMean(Mat m) {
        try (Mat grey = new Mat()) {
            cvtColor(m, grey, COLOR_BGR2GRAY);
            return mean(grey).get(0);
        }
    }

    static Mat replace(Mat old, Mat fresh) {
        old.close();
        return fresh;
    }
}
