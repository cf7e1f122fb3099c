package org.transfer4j.data.fashion;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests: images with pixel = (index + row + col) mod 256. */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] images(int magic, int count, int rows, int cols, int bodyBytes) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < bodyBytes; i++) {
            out.writeByte(i % 251);
        }
        return bos.toByteArray();
    }

    static byte[] images(int count, int rows, int cols) throws IOException {
        return images(Idx.IMAGES_MAGIC, count, rows, cols, count * rows * cols);
    }

    static byte[] labels(int magic, int count, int[] labels) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(magic);
        out.writeInt(count);
        for (int l : labels) {
            out.writeByte(l);
        }
        return bos.toByteArray();
    }

    /** Labels 0..classes-1 repeated. */
    static int[] cyclic(int count, int classes) {
        int[] l = new int[count];
        for (int i = 0; i < count; i++) {
            l[i] = i % classes;
        }
        return l;
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(content);
        }
        return file;
    }

    /** A complete Fashion-MNIST-shaped directory with {@code train} and {@code test} images of 10 classes. */
    static Path dataset(Path dir, int train, int test, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        String ext = gzip ? ".gz" : "";
        write(dir.resolve(FashionMnistLocator.TRAIN_IMAGES + ext), images(train, 28, 28), gzip);
        write(dir.resolve(FashionMnistLocator.TRAIN_LABELS + ext), labels(Idx.LABELS_MAGIC, train, cyclic(train, 10)), gzip);
        write(dir.resolve(FashionMnistLocator.TEST_IMAGES + ext), images(test, 28, 28), gzip);
        write(dir.resolve(FashionMnistLocator.TEST_LABELS + ext), labels(Idx.LABELS_MAGIC, test, cyclic(test, 10)), gzip);
        return dir;
    }
}
