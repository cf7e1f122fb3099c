package org.transfer4j.data.fashion;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX format used by MNIST and Fashion-MNIST (unsigned bytes only). Gzip is detected
 * by its magic bytes, not by the file name, so renamed or already-decompressed files work.
 */
public final class Idx {
    static final int IMAGES_MAGIC = 0x00000803; // ubyte, 3 dimensions
    static final int LABELS_MAGIC = 0x00000801; // ubyte, 1 dimension

    private Idx() {
    }

    /** Images as row-major unsigned bytes, {@code count * rows * cols} long. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != IMAGES_MAGIC) {
                throw new IdxFormatException(file, String.format(
                        "bad magic number 0x%08X, expected 0x%08X (unsigned-byte images); is this a labels file?",
                        magic, IMAGES_MAGIC));
            }
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE) {
                throw new IdxFormatException(file, "implausible dimensions " + count + " x " + rows + " x " + cols);
            }
            byte[] pixels = readBody(in, file, count * rows * cols, count + " images of " + rows + "x" + cols);
            return new Images(count, rows, cols, pixels);
        }
    }

    public static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != LABELS_MAGIC) {
                throw new IdxFormatException(file, String.format(
                        "bad magic number 0x%08X, expected 0x%08X (unsigned-byte labels); is this an images file?",
                        magic, LABELS_MAGIC));
            }
            int count = readHeaderInt(in, file);
            if (count < 0) {
                throw new IdxFormatException(file, "negative label count " + count);
            }
            return readBody(in, file, count, count + " labels");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IdxFormatException(file, "no such file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                raw = new GZIPInputStream(raw, 1 << 16);
            } catch (ZipException e) {
                raw.close();
                throw new IdxFormatException(file, "corrupt gzip header: " + e.getMessage());
            }
        }
        return new DataInputStream(raw);
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(file, "truncated header (file too short to be IDX)");
        } catch (ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data: " + e.getMessage());
        }
    }

    private static byte[] readBody(DataInputStream in, Path file, int expected, String what) throws IOException {
        byte[] body = new byte[expected];
        int read = 0;
        try {
            while (read < expected) {
                int n = in.read(body, read, expected - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream signals a gzip stream cut short this way; report it like a short body.
        } catch (ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data after " + read + " bytes: " + e.getMessage());
        }
        if (read < expected) {
            throw new IdxFormatException(file, "truncated: header promises " + what + " (" + expected
                    + " bytes) but only " + read + " bytes follow; re-download or re-install the file");
        }
        if (in.read() >= 0) {
            throw new IdxFormatException(file, "trailing data after " + what + "; the header's count is wrong");
        }
        return body;
    }
}
