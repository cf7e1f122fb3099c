package org.transfer4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void theFormatIsTheOneItsFirstBytesAnnounceWhateverTheExtension() throws IOException {
        assertEquals("png", ImageHeader.format(write("png", 9, 9)));
        assertEquals("jpeg", ImageHeader.format(write("jpg", 9, 9)));
        assertEquals("bmp", ImageHeader.format(write("bmp", 9, 9)));
        assertEquals("gif", ImageHeader.format(write("gif", 9, 9)));
        assertEquals("tiff", ImageHeader.format(write("tiff", 9, 9)));
        byte[] webp = {'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P'};
        assertEquals("webp", ImageHeader.format(webp, webp.length));
        assertNull(ImageHeader.format(webp, 11), "12 bytes are needed to see WEBP");
        assertEquals("pnm", ImageHeader.format(new byte[] {'P', '6', '\n'}, 3));
        assertNull(ImageHeader.format(new byte[] {'P', '7', '\n'}, 3));
        assertEquals("jpeg2000", ImageHeader.format(new byte[] {0, 0, 0, 12}, 4));
        assertEquals("jpeg2000", ImageHeader.format(new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51}, 4));
        assertEquals("exr", ImageHeader.format(new byte[] {0x76, 0x2F, 0x31, 0x01}, 4));
        assertEquals("tiff", ImageHeader.format(new byte[] {'M', 'M', 0, 42}, 4));
        assertNull(ImageHeader.format(new byte[] {'M', 'M', 0, 43}, 4));
        assertNull(ImageHeader.format(new byte[] {(byte) 0xFF, (byte) 0xD8, 0}, 3), "a JPEG's SOI is followed by a marker");
        Path text = Files.writeString(tmp.resolve("notes.jpg"), "hello world, not a picture");
        assertNull(ImageHeader.format(text));
        assertEquals("\"hello wo\" (text?)", ImageHeader.preview(text));
        Path bin = Files.write(tmp.resolve("bin.png"), new byte[] {0, 1, (byte) 0xAB});
        assertEquals("bytes 00 01 ab", ImageHeader.preview(bin));
        assertNull(ImageHeader.format(tmp.resolve("missing.png")));
    }

    @Test
    void aFileWithAnImageSignatureButCorruptDataIsJudgedByTheDecoder() throws IOException {
        byte[] junk = new byte[300];
        new java.util.Random(5).nextBytes(junk);
        junk[0] = (byte) 0x89;
        junk[1] = 'P';
        junk[2] = 'N';
        junk[3] = 'G';
        Path f = Files.write(tmp.resolve("broken.png"), junk);
        assertNull(ImageDecoder.quickCheck(f));
        BadImageException e = org.junit.jupiter.api.Assertions.assertThrows(BadImageException.class, () -> ImageDecoder.decodeBgr(f));
        assertTrue(e.reason().startsWith("not a decodable image"), e.reason());
        assertTrue(ImageDecoder.quickCheck(Files.write(tmp.resolve("e.png"), new byte[0])).startsWith("empty file"));
    }

    @Test
    void anInMemoryImageDecodesAsTheSamePixelsSavedAsPng() throws IOException {
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage img = new BufferedImage(13, 11, type);
            java.util.Random r = new java.util.Random(type);
            for (int y = 0; y < 11; y++) {
                for (int x = 0; x < 13; x++) {
                    if (type == BufferedImage.TYPE_BYTE_GRAY) {
                        img.getRaster().setSample(x, y, 0, r.nextInt(256));
                    } else {
                        img.setRGB(x, y, r.nextInt(1 << 24));
                    }
                }
            }
            Path f = tmp.resolve("m" + type + ".png");
            ImageIO.write(img, "png", f.toFile());
            try (org.bytedeco.opencv.opencv_core.Mat a = ImageDecoder.bgr(img, "memory");
                 org.bytedeco.opencv.opencv_core.Mat b = ImageDecoder.decodeBgr(f)) {
                byte[] x = new byte[13 * 11 * 3];
                byte[] y = new byte[13 * 11 * 3];
                a.data().get(x);
                b.data().get(y);
                assertArrayEquals(y, x, "image type " + type);
            }
        }
        BadImageException small = org.junit.jupiter.api.Assertions.assertThrows(BadImageException.class,
                () -> ImageDecoder.bgr(new BufferedImage(4, 20, BufferedImage.TYPE_INT_RGB), "thumb"));
        assertEquals("thumb", small.file());
        assertTrue(small.reason().startsWith("too small (4x20"), small.reason());
        assertThrows(BadImageException.class, () -> ImageDecoder.bgr(null, "none"));
    }
}
