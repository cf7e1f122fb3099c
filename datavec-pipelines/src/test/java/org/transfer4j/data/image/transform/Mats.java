package org.transfer4j.data.image.transform;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.Random;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.datavec.image.data.ImageWritable;

/** Small BGR test images and pixel access. */
final class Mats {
    private Mats() {
    }

    static Mat solid(int w, int h, int b, int g, int r) {
        return new Mat(h, w, CV_8UC3, new Scalar(b, g, r, 0));
    }

    /** Random noise: every pixel differs from its mirror image almost surely. */
    static Mat noise(int w, int h, long seed) {
        Mat m = solid(w, h, 0, 0, 0);
        Random rng = new Random(seed);
        try (UByteIndexer idx = m.createIndexer()) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        idx.put(y, x, c, rng.nextInt(256));
                    }
                }
            }
        }
        return m;
    }

    /** Black with a white {@code s} x {@code s} square whose top-left corner is (x, y). */
    static Mat square(int w, int h, int x, int y, int s) {
        Mat m = solid(w, h, 0, 0, 0);
        try (UByteIndexer idx = m.createIndexer()) {
            for (int yy = y; yy < y + s; yy++) {
                for (int xx = x; xx < x + s; xx++) {
                    for (int c = 0; c < 3; c++) {
                        idx.put(yy, xx, c, 255);
                    }
                }
            }
        }
        return m;
    }

    static int[][][] pixels(Mat m) {
        int[][][] p = new int[m.rows()][m.cols()][m.channels()];
        try (UByteIndexer idx = m.createIndexer()) {
            for (int y = 0; y < m.rows(); y++) {
                for (int x = 0; x < m.cols(); x++) {
                    for (int c = 0; c < m.channels(); c++) {
                        p[y][x][c] = idx.get(y, x, c);
                    }
                }
            }
        }
        return p;
    }

    /** Brightness-weighted centre (x, y) of channel 0. */
    static double[] centroid(Mat m) {
        int[][][] p = pixels(m);
        double sx = 0;
        double sy = 0;
        double s = 0;
        for (int y = 0; y < p.length; y++) {
            for (int x = 0; x < p[0].length; x++) {
                sx += x * p[y][x][0];
                sy += y * p[y][x][0];
                s += p[y][x][0];
            }
        }
        return new double[] {sx / s, sy / s};
    }

    /** {@code t} applied through DataVec's interface (frame in, frame out) with generator {@code rng}. */
    static Mat through(org.datavec.image.transform.ImageTransform t, Mat m, Random rng) {
        var conv = SeededImageTransform.converter();
        ImageWritable out = t.transform(new ImageWritable(conv.convert(m)), rng);
        return conv.convert(out.getFrame()).clone();
    }
}
