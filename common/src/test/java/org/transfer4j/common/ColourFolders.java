package org.transfer4j.common;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Test fixture: an image folder {@code root/<class>/imgN.png} of three colour classes (red, green,
 * blue with Gaussian noise), separable by their mean colour: a task any sensible feature extractor
 * learns, so accuracy thresholds in tests mean something.
 */
public final class ColourFolders {
    public static final List<String> CLASSES = List.of("blue", "green", "red");

    private ColourFolders() {
    }

    /** {@code perClass} 64x48 PNGs per class, seeded. */
    public static Path write(Path root, int perClass, long seed) throws IOException {
        Random rng = new Random(seed);
        int[][] colours = {{200, 40, 40}, {40, 200, 40}, {40, 40, 200}};
        String[] classes = {"red", "green", "blue"};
        for (int c = 0; c < 3; c++) {
            Path dir = Files.createDirectories(root.resolve(classes[c]));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 64; x++) {
                        int[] rgb = new int[3];
                        for (int k = 0; k < 3; k++) {
                            rgb[k] = Math.max(0, Math.min(255, colours[c][k] + (int) (rng.nextGaussian() * 40)));
                        }
                        img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                    }
                }
                ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
            }
        }
        return root;
    }
}
