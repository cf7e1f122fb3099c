package org.transfer4j.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Images for tests: colour and grey PNG/JPEG of several sizes, CMYK JPEG, 16-bit PNG, broken files. */
final class TestImages {
    private TestImages() {
    }

    /** {@code perClass} images in each of {@code classes} sub-folders, mixed formats, sizes and modes. */
    static Path folder(Path root, int classes, int perClass) throws IOException {
        Random rng = new Random(11);
        for (int c = 0; c < classes; c++) {
            Path dir = Files.createDirectories(root.resolve("class_" + c));
            for (int i = 0; i < perClass; i++) {
                int w = 40 + rng.nextInt(80);
                int h = 30 + rng.nextInt(80);
                int type = switch (i % 3) {
                    case 0 -> BufferedImage.TYPE_3BYTE_BGR;
                    case 1 -> BufferedImage.TYPE_BYTE_GRAY;
                    default -> BufferedImage.TYPE_INT_ARGB;
                };
                BufferedImage img = new BufferedImage(w, h, type);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        img.setRGB(x, y, 0xff000000 | ((c * 60 + x * 3) & 0xff) << 16 | ((y * 5) & 0xff) << 8 | rng.nextInt(256));
                    }
                }
                boolean jpeg = type == BufferedImage.TYPE_3BYTE_BGR && i % 2 == 0;
                ImageIO.write(img, jpeg ? "jpg" : "png", dir.resolve(String.format("img_%03d.%s", i, jpeg ? "jpg" : "png")).toFile());
            }
        }
        return root;
    }

    /** A solid-colour RGB PNG. */
    static Path solid(Path file, int w, int h, int r, int g, int b) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** A 16-bit grey PNG whose every sample is {@code value} (0..65535). */
    static Path grey16(Path file, int w, int h, int value) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, value);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /**
     * A CMYK JPEG (4-component, as print workflows write them), every pixel storing the same four samples.
     * Readers take stored samples as inverted ink (Adobe's convention): 255 means no ink.
     */
    static Path cmykJpeg(Path file, int w, int h, int c, int m, int y, int k) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int yy = 0; yy < h; yy++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, yy, new int[] {c, m, y, k});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** A PNG header that claims {@code w} x {@code h} pixels (enough for a header check, no pixel data). */
    static Path hugePngHeader(Path file, int w, int h) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        out.writeInt(13);
        out.writeBytes("IHDR");
        out.writeInt(w);
        out.writeInt(h);
        out.write(new byte[] {8, 2, 0, 0, 0});
        out.writeInt(0);
        Files.write(file, bos.toByteArray());
        return file;
    }
}
