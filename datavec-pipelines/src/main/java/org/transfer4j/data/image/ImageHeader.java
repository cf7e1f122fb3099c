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
