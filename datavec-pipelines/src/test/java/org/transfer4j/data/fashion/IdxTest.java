package org.transfer4j.data.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsValidImagesAndLabelsPlainOrGzip(boolean gzip) throws IOException {
        Path images = IdxFiles.write(dir.resolve("img"), IdxFiles.images(3, 2, 4), gzip);
        Path labels = IdxFiles.write(dir.resolve("lab"), IdxFiles.labels(Idx.LABELS_MAGIC, 3, new int[] {7, 0, 9}), gzip);
        Idx.Images read = Idx.readImages(images);
        assertEquals(3, read.count());
        assertEquals(2, read.rows());
        assertEquals(4, read.cols());
        assertEquals(24, read.pixels().length);
        assertEquals(23, read.pixels()[23]);
        assertArrayEquals(new byte[] {7, 0, 9}, Idx.readLabels(labels));
    }

    @Test
    void badMagicNamesFileAndBothNumbers() throws IOException {
        Path labelsAsImages = IdxFiles.write(dir.resolve("swapped"), IdxFiles.labels(Idx.LABELS_MAGIC, 2, new int[] {1, 2}), false);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(labelsAsImages));
        assertTrue(e.getMessage().startsWith(labelsAsImages.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801") && e.getMessage().contains("0x00000803"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedBodyIsReportedWithCounts(boolean gzip) throws IOException {
        byte[] full = IdxFiles.images(10, 28, 28);
        Path cut = IdxFiles.write(dir.resolve("cut"), Arrays.copyOf(full, full.length - 100), gzip);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("7840 bytes") && e.getMessage().contains("7740 bytes"), e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsReported() throws IOException {
        Path gz = IdxFiles.write(dir.resolve("gz"), IdxFiles.images(50, 28, 28), true);
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(gz));
        assertTrue(e.getMessage().startsWith(gz.toString()), e.getMessage());
    }

    @Test
    void shortHeaderIsReported() throws IOException {
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[] {0, 0, 8});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(tiny));
        assertTrue(e.getMessage().contains("truncated header"), e.getMessage());
    }

    @Test
    void trailingBytesMeanTheCountIsWrong() throws IOException {
        byte[] labels = IdxFiles.labels(Idx.LABELS_MAGIC, 2, new int[] {1, 2, 3});
        Path f = IdxFiles.write(dir.resolve("trail"), labels, false);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(f));
        assertTrue(e.getMessage().contains("trailing data"), e.getMessage());
    }

    @Test
    void imageAndLabelCountMismatchNamesBothFiles() throws IOException {
        Path d = IdxFiles.dataset(dir.resolve("ds"), 20, 10, false);
        IdxFiles.write(d.resolve(FashionMnistLocator.TEST_LABELS), IdxFiles.labels(Idx.LABELS_MAGIC, 9, IdxFiles.cyclic(9, 10)), false);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(d));
        assertTrue(e.getMessage().contains(FashionMnistLocator.TEST_LABELS) && e.getMessage().contains(FashionMnistLocator.TEST_IMAGES)
                && e.getMessage().contains("9 labels") && e.getMessage().contains("10 images"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path nowhere = dir.resolve("absent");
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.readImages(nowhere));
        assertTrue(e.getMessage().contains(nowhere.toString()) && e.getMessage().contains("no such file"));
    }
}
