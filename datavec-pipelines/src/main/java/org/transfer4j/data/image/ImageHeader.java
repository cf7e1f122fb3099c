package org.transfer4j.data.image;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Width and height from a PNG, JPEG or BMP header, without decoding: lets the pipeline refuse an
 * enormous image before OpenCV allocates it. Returns null for other or unreadable formats (the decoder
 * then decides).
 */
final class ImageHeader {
    private ImageHeader() {
    }

    /** The formats {@link #format} recognises, for messages. */
    static final String FORMATS = "PNG, JPEG, GIF, BMP, TIFF, WebP, JPEG 2000, PBM/PGM/PPM, OpenEXR";

    /**
     * The image format the first bytes of {@code file} announce ("png", "jpeg", ...), or null when they announce
     * none of {@link #FORMATS}: the formats of DataVec's {@code NativeImageLoader.ALLOWED_FORMATS}.
     */
    static String format(Path file) {
        byte[] b = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(b, 0, b.length);
        } catch (IOException e) {
            return null;
        }
        return format(b, n);
    }

    static String format(byte[] b, int n) {
        if (n >= 8 && u(b[0]) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (n >= 3 && u(b[0]) == 0xFF && u(b[1]) == 0xD8 && u(b[2]) == 0xFF) {
            return "jpeg";
        }
        if (n >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "gif";
        }
        if (n >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        if (n >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return "tiff";
        }
        if (n >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        if (n >= 4 && ((b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 12) || (u(b[0]) == 0xFF && b[1] == 0x4F && u(b[2]) == 0xFF && b[3] == 0x51))) {
            return "jpeg2000";
        }
        if (n >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && Character.isWhitespace(b[2])) {
            return "pnm";
        }
        if (n >= 4 && b[0] == 0x76 && b[1] == 0x2F && b[2] == 0x31 && b[3] == 0x01) {
            return "exr";
        }
        return null;
    }

    /** The first bytes of {@code file} for a message: printable ASCII quoted, else hex. */
    static String preview(Path file) {
        byte[] b = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(b, 0, b.length);
        } catch (IOException e) {
            return "(unreadable)";
        }
        boolean text = n > 0;
        for (int i = 0; i < n; i++) {
            text &= b[i] >= 0x20 && b[i] < 0x7F || b[i] == '\n' || b[i] == '\r' || b[i] == '\t';
        }
        if (text) {
            return "\"" + new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII).replaceAll("\\s", " ") + "\" (text?)";
        }
        StringBuilder h = new StringBuilder("bytes");
        for (int i = 0; i < n; i++) {
            h.append(String.format(" %02x", b[i] & 0xFF));
        }
        return h.toString();
    }

    private static int u(byte x) {
        return x & 0xFF;
    }

    static int[] dimensions(Path file) {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            if (b0 == 0x89 && b1 == 'P') { // PNG: 8-byte signature, IHDR length+type, then width, height
                in.skipBytes(14);
                return new int[] {in.readInt(), in.readInt()};
            }
            if (b0 == 'B' && b1 == 'M') { // BMP: BITMAPINFOHEADER width/height at offset 18, little-endian
                in.skipBytes(16);
                int w = Integer.reverseBytes(in.readInt());
                int h = Math.abs(Integer.reverseBytes(in.readInt()));
                return new int[] {w, h};
            }
            if (b0 == 0xFF && b1 == 0xD8) { // JPEG: walk markers to the first start-of-frame
                while (true) {
                    int m = in.readUnsignedByte();
                    while (m != 0xFF) {
                        m = in.readUnsignedByte();
                    }
                    int marker = in.readUnsignedByte();
                    while (marker == 0xFF) {
                        marker = in.readUnsignedByte();
                    }
                    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                        continue;
                    }
                    int len = in.readUnsignedShort();
                    boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                    if (sof) {
                        in.readUnsignedByte(); // precision
                        int h = in.readUnsignedShort();
                        int w = in.readUnsignedShort();
                        return new int[] {w, h};
                    }
                    in.skipBytes(len - 2);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
