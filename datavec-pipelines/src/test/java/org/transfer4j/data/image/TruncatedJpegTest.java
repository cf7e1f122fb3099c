package org.transfer4j.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JPEG with its second half missing: libjpeg decodes what is there, warns "Premature end of JPEG
 * file" and hands back a partly grey image. It must never become a sample: skipped with the reason
 * under SKIP, an error naming the file under FAIL.
 */
class TruncatedJpegTest {
    @TempDir
    Path tmp;

    static Path jpeg(Path file, long seed) throws IOException {
        Random rng = new Random(seed);
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, rng.nextInt(0xFFFFFF));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "jpg", file.toFile());
        return file;
    }

    static Path truncate(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length / 2));
        return file;
    }

    @Test
    void aWholeJpegDecodesAndOneWithTrailingPaddingToo() throws Exception {
        Path whole = jpeg(tmp.resolve("whole.jpg"), 1);
        try (var m = ImageDecoder.decodeBgr(whole)) {
            assertEquals(64, m.cols());
        }
        byte[] all = Files.readAllBytes(whole);
        Path padded = Files.write(tmp.resolve("padded.jpg"), Arrays.copyOf(all, all.length + 16));
        try (var m = ImageDecoder.decodeBgr(padded)) {
            assertEquals(48, m.rows());
        }
    }

    @Test
    void aTruncatedJpegIsRefusedWithTheReason() throws Exception {
        Path half = truncate(jpeg(tmp.resolve("half.jpg"), 2));
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decodeBgr(half));
        assertTrue(e.reason().contains("truncated JPEG"), e.reason());
        assertEquals(half.toString(), e.file());
    }

    @Test
    void inAPipelineItIsSkippedOrStopsTheRunNamingTheFile() throws Exception {
        Path root = tmp.resolve("imgs");
        for (int i = 0; i < 3; i++) {
            jpeg(root.resolve("a").resolve("a" + i + ".jpg"), 10 + i);
            jpeg(root.resolve("b").resolve("b" + i + ".jpg"), 20 + i);
        }
        Path bad = truncate(jpeg(root.resolve("b").resolve("cut.jpg"), 30));
        ImageFolder folder = ImageFolder.scan(root);
        ImagePreprocessing pre = ImagePreprocessing.unitRgb(16);
        try (ImagePipeline p = ImagePipeline.of(folder, pre, null, ImagePipeline.Options.evaluation(4))) {
            int n = 0;
            while (p.hasNext()) {
                n += p.next().numExamples();
            }
            assertEquals(6, n, "the truncated file never becomes a sample");
            List<SkippedFile> skipped = p.skipped();
            assertEquals(1, skipped.size(), skipped.toString());
            assertTrue(skipped.get(0).toString().contains("cut.jpg") && skipped.get(0).toString().contains("truncated JPEG"),
                    skipped.toString());
        }
        try (ImagePipeline p = ImagePipeline.of(folder, pre, null,
                ImagePipeline.Options.evaluation(4).withPolicy(BadFilePolicy.FAIL))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> {
                while (p.hasNext()) {
                    p.next();
                }
            });
            String message = e.getMessage() + " " + e.getCause();
            assertTrue(message.contains("cut.jpg") && message.contains("truncated JPEG"), message);
        }
    }
}
