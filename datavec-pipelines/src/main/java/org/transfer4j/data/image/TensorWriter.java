package org.transfer4j.data.image;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;

/** Writes an 8-bit BGR matrix into a CHW float array with the channel order and normalisation. */
final class TensorWriter {
    private TensorWriter() {
    }

    static void write(Mat bgr, ImagePreprocessing p, float[] out, int offset) {
        int h = p.height();
        int w = p.width();
        int plane = h * w;
        if (p.channelOrder() == ImagePreprocessing.ChannelOrder.GREY) {
            try (Mat grey = new Mat()) {
                cvtColor(bgr, grey, COLOR_BGR2GRAY);
                byte[] px = new byte[plane];
                grey.data().get(px);
                for (int i = 0; i < plane; i++) {
                    out[offset + i] = (float) p.apply(px[i] & 0xff, 0);
                }
            }
            return;
        }
        byte[] px = new byte[plane * 3];
        Mat src = bgr.isContinuous() ? bgr : bgr.clone();
        src.data().get(px);
        if (src != bgr) {
            src.close();
        }
        boolean rgb = p.channelOrder() == ImagePreprocessing.ChannelOrder.RGB;
        for (int c = 0; c < 3; c++) {
            int k = rgb ? 2 - c : c; // OpenCV stores B, G, R
            int base = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                out[base + i] = (float) p.apply(px[i * 3 + k] & 0xff, c);
            }
        }
    }

    /** Random erasing: a rectangle of 2-33% of the area, aspect 0.3-3.3, set to 0 in every channel. */
    static void erase(float[] out, int offset, int channels, int h, int w, Random rng) {
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = h * w * (0.02 + 0.31 * rng.nextDouble());
            double ratio = Math.exp(Math.log(0.3) + (Math.log(3.3) - Math.log(0.3)) * rng.nextDouble());
            int eh = (int) Math.round(Math.sqrt(area * ratio));
            int ew = (int) Math.round(Math.sqrt(area / ratio));
            if (eh < h && ew < w && eh > 0 && ew > 0) {
                int y0 = rng.nextInt(h - eh + 1);
                int x0 = rng.nextInt(w - ew + 1);
                for (int c = 0; c < channels; c++) {
                    for (int y = y0; y < y0 + eh; y++) {
                        java.util.Arrays.fill(out, offset + c * h * w + y * w + x0, offset + c * h * w + y * w + x0 + ew, 0f);
                    }
                }
                return;
            }
        }
    }
}
