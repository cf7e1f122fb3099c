package org.transfer4j.data.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.loader.NativeImageLoader;
import org.transfer4j.data.image.transform.SeededImageTransform;

/**
 * Decodes an image file to an 8-bit, 3-channel BGR OpenCV matrix, or says exactly why it cannot:
 * empty file, unreadable, not an image, too small, too large. Grey, palette and alpha images become
 * BGR; 16-bit PNGs are scaled to 8 bits; CMYK JPEGs are converted by the JPEG decoder.
 *
 * <p>Decoding is DataVec's ({@link NativeImageLoader#asWritable}: OpenCV, then Leptonica for what OpenCV
 * cannot read). The checks around it are what DataVec lacks: its errors do not name the file, it decodes
 * a truncated JPEG to a partly grey image without a word, and it allocates whatever size a header claims.
 */
public final class ImageDecoder {
    /** Smallest usable side, in pixels. */
    public static final int MIN_SIDE = 8;
    /** Largest image accepted, in pixels (a 50 MP photo is fine, a 100 MP scan is refused). */
    public static final long MAX_PIXELS = 60_000_000L;

    /** One loader per thread: DataVec's loaders keep a frame converter in a field. */
    private static final ThreadLocal<NativeImageLoader> LOADER = ThreadLocal.withInitial(NativeImageLoader::new);

    static {
        // Leptonica (DataVec's fallback decoder) prints to stderr for every file it cannot read; the reason reaches
        // the user through BadImageException and the skip list instead.
        try {
            org.bytedeco.leptonica.global.lept.setMsgSeverity(org.bytedeco.leptonica.global.lept.L_SEVERITY_NONE);
        } catch (Throwable natives) { // LinkageError: Leptonica's natives are optional (OpenCV reads the common formats)
            org.slf4j.LoggerFactory.getLogger(ImageDecoder.class).debug("Leptonica not loaded: {}", natives.toString());
        }
    }

    private ImageDecoder() {
    }

    /**
     * An in-memory image as 8-bit BGR, pixel for pixel what decoding the same image saved as PNG gives (grey images
     * are copied to the three channels from their raster, not colour-converted by Java2D).
     */
    public static Mat bgr(java.awt.image.BufferedImage image, String name) throws BadImageException {
        if (image == null) {
            throw new BadImageException(name, "no image (null)");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < MIN_SIDE || h < MIN_SIDE) {
            throw new BadImageException(name, "too small (" + w + "x" + h + ", need at least " + MIN_SIDE + "x" + MIN_SIDE + ")");
        }
        if ((long) w * h > MAX_PIXELS) {
            throw new BadImageException(name, "too large (" + w + "x" + h + " pixels, limit " + MAX_PIXELS + ")");
        }
        byte[] bgr = new byte[w * h * 3];
        boolean grey = image.getType() == java.awt.image.BufferedImage.TYPE_BYTE_GRAY;
        java.awt.image.Raster raster = image.getRaster();
        int k = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey) {
                    byte v = (byte) raster.getSample(x, y, 0);
                    bgr[k++] = v;
                    bgr[k++] = v;
                    bgr[k++] = v;
                } else {
                    int argb = image.getRGB(x, y);
                    bgr[k++] = (byte) argb;
                    bgr[k++] = (byte) (argb >> 8);
                    bgr[k++] = (byte) (argb >> 16);
                }
            }
        }
        Mat m = new Mat(h, w, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
        m.data().put(bgr);
        return m;
    }

    public static Mat decodeBgr(Path file) throws BadImageException {
        String name = file.toString();
        String why = quickCheck(file);
        if (why != null) {
            throw new BadImageException(name, why);
        }
        Mat m;
        try {
            m = SeededImageTransform.converter().convert(LOADER.get().asWritable(file.toFile()).getFrame());
        } catch (IOException | RuntimeException e) {
            m = null;
        }
        if (m == null || m.empty()) {
            throw new BadImageException(name, "not a decodable image (corrupt, truncated, or not an image format OpenCV "
                    + "or Leptonica reads)");
        }
        if (m.depth() == CV_16U) {
            Mat eight = new Mat();
            m.convertTo(eight, CV_8U, 1.0 / 257.0, 0);
            m.close();
            m = eight;
        }
        if (m.channels() != 3) {
            Mat bgr = new Mat();
            cvtColor(m, bgr, m.channels() == 4 ? COLOR_BGRA2BGR : COLOR_GRAY2BGR);
            m.close();
            m = bgr;
        }
        if (m.cols() < MIN_SIDE || m.rows() < MIN_SIDE) {
            String dims = m.cols() + "x" + m.rows();
            m.close();
            throw new BadImageException(name, "too small (" + dims + ", need at least " + MIN_SIDE + "x" + MIN_SIDE + ")");
        }
        if ((long) m.cols() * m.rows() > MAX_PIXELS) {
            String dims = m.cols() + "x" + m.rows();
            m.close();
            throw new BadImageException(name, "too large (" + dims + " pixels, limit " + MAX_PIXELS + ")");
        }
        return m;
    }

    /**
     * Why {@code file} cannot be used, judged from its size and its first and last bytes without decoding it (empty,
     * unreadable, not an image format, a truncated JPEG, a header claiming too many pixels), or null when it may be
     * decoded. Cheap enough to screen a whole folder before a split is made.
     */
    public static String quickCheck(Path file) {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
        if (bytes == 0) {
            return "empty file (0 bytes)";
        }
        if (!Files.isReadable(file)) {
            return "unreadable (permission denied)";
        }
        if (ImageHeader.format(file) == null) {
            // Checked before decoding: OpenCV would fail and DataVec would then hand the bytes to Leptonica.
            return "not an image: the content is none of the formats read (" + ImageHeader.FORMATS + "); it starts with "
                    + ImageHeader.preview(file);
        }
        try {
            if (truncatedJpeg(file)) {
                // libjpeg decodes what it has, prints "Premature end of JPEG file" and returns a partly grey image.
                return "truncated JPEG (no end-of-image marker): part of the file is missing";
            }
        } catch (BadImageException e) {
            return e.reason();
        }
        int[] wh = ImageHeader.dimensions(file);
        if (wh != null && (long) wh[0] * wh[1] > MAX_PIXELS) {
            return "too large (" + wh[0] + "x" + wh[1] + " pixels, limit " + MAX_PIXELS + ")";
        }
        return null;
    }

    /**
     * A JPEG (starts FF D8) whose data does not end with the end-of-image marker FF D9 (trailing zero
     * padding and whitespace, which some writers append, allowed).
     */
    static boolean truncatedJpeg(Path file) throws BadImageException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(2);
            ch.read(head);
            if (head.position() < 2 || (head.get(0) & 0xFF) != 0xFF || (head.get(1) & 0xFF) != 0xD8) {
                return false;
            }
            long size = ch.size();
            int tailLength = (int) Math.min(size, 4096);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(tailLength);
            ch.position(size - tailLength);
            while (tail.hasRemaining() && ch.read(tail) > 0) {
                // read the whole tail
            }
            int i = tailLength - 1;
            while (i > 0 && ((tail.get(i) & 0xFF) == 0 || Character.isWhitespace(tail.get(i)))) {
                i--;
            }
            return !(i >= 1 && (tail.get(i - 1) & 0xFF) == 0xFF && (tail.get(i) & 0xFF) == 0xD9);
        } catch (IOException e) {
            throw new BadImageException(file.toString(), "unreadable: " + e.getMessage());
        }
    }
}
