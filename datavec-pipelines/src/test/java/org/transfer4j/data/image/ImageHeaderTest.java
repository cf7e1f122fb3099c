package org.transfer4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes from headers written by another tool (ImageIO), and the folder scan's filters. */
class ImageHeaderTest {
    @TempDir
    Path tmp;

    Path write(String format, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Path f = tmp.resolve(w + "x" + h + "." + format);
        ImageIO.write(img, format, f.toFile());
        return f;
    }

    @Test
    void readsWidthAndHeightOfPngJpegAndBmp() throws IOException {
        assertArrayEquals(new int[] {37, 21}, ImageHeader.dimensions(write("png", 37, 21)));
        assertArrayEquals(new int[] {301, 17}, ImageHeader.dimensions(write("jpg", 301, 17)));
        assertArrayEquals(new int[] {19, 260}, ImageHeader.dimensions(write("bmp", 19, 260)));
        assertArrayEquals(new int[] {20_000, 20_000}, ImageHeader.dimensions(TestImages.hugePngHeader(tmp.resolve("h.png"), 20_000, 20_000)));
        Files.writeString(tmp.resolve("t.txt"), "GIF89a is not parsed here");
        assertNull(ImageHeader.dimensions(tmp.resolve("t.txt")));
        assertNull(ImageHeader.dimensions(tmp.resolve("missing.png")));
        Files.write(tmp.resolve("cut.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        assertNull(ImageHeader.dimensions(tmp.resolve("cut.jpg")), "a JPEG cut before its frame header");
    }

    @Test
    void aTooLargeImageIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        Path big = TestImages.hugePngHeader(tmp.resolve("big.png"), 8_000, 7_501);
        BadImageException e = org.junit.jupiter.api.Assertions.assertThrows(BadImageException.class, () -> ImageDecoder.decodeBgr(big));
        assertTrue(e.getMessage().contains("too large (8000x7501"), e.getMessage());
        assertEquals(big.toString(), e.file());
        // 60,000,000 pixels exactly is allowed by the header check (the decoder then judges the bytes).
        Path edge = TestImages.hugePngHeader(tmp.resolve("edge.png"), 8_000, 7_500);
        BadImageException e2 = org.junit.jupiter.api.Assertions.assertThrows(BadImageException.class, () -> ImageDecoder.decodeBgr(edge));
        assertTrue(e2.getMessage().contains("not a decodable image"), e2.getMessage());
    }

    @Test
    void theFolderScanSkipsHiddenEntriesAndOtherExtensionsAndCanLimit() throws IOException {
        Path root = tmp.resolve("root");
        Path a = Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve(".cache"));
        TestImages.solid(root.resolve(".cache").resolve("x.png"), 10, 10, 1, 1, 1);
        for (String n : List.of("3.png", "1.jpg", "2.JPEG", ".4.png", "5.txt", "noext")) {
            TestImages.solid(a.resolve(n), 10, 10, 1, 1, 1);
        }
        Files.writeString(root.resolve("stray.png"), "a file at the root is not a class");
        ImageFolder f = ImageFolder.scan(root);
        assertEquals(List.of("a"), f.classes());
        assertEquals(List.of("a/1.jpg", "a/2.JPEG", "a/3.png"), f.samples().stream().map(ImageFolder.Sample::path).toList());
        ImageFolder two = ImageFolder.scan(root, ImageFolder.DEFAULT_EXTENSIONS, 2);
        assertEquals(2, two.samples().size());
        assertEquals(3, ImageFolder.scan(root, ImageFolder.DEFAULT_EXTENSIONS, 3).samples().size());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ImageFolder.scan(a))
                .getMessage().contains("no class sub-folders"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ImageFolder.scan(tmp.resolve("nope")))
                .getMessage().contains("image folder not found"));
    }
}
