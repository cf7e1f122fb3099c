package org.transfer4j.data.fashion;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes 28 x 28 grey images (rows of [n, 784] in [0, 1], as {@link LabelledImages#features()} and
 * {@link ShiftedDomain#features} give them) as PNG files, the way a user's photos arrive: labelled as
 * {@code dir/<class folder>/<index>.png}, unlabelled as {@code dir/<index>.png}. Each file is written to a temporary
 * name and moved into place. Class folder names are {@link #FOLDERS} (file-system safe; the same names as
 * {@code scripts/fashion-folder.py}).
 */
public final class FashionPngs {
    public static final List<String> FOLDERS = List.of("t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
            "sneaker", "bag", "ankle-boot");

    private FashionPngs() {
    }

    /**
     * @param classes each row's class id (0-9), or null for an unlabelled folder
     * @return {@code dir}
     */
    public static Path write(Path dir, INDArray images, int[] classes) throws IOException {
        if (images.rank() != 2 || images.size(1) != 784) {
            throw new IllegalArgumentException("images must be [n, 784] (28 x 28 grey), got " + java.util.Arrays.toString(images.shape()));
        }
        if (classes != null && classes.length != images.size(0)) {
            throw new IllegalArgumentException(classes.length + " classes for " + images.size(0) + " images");
        }
        float[][] rows = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        for (int i = 0; i < rows.length; i++) {
            Path folder = classes == null ? dir : dir.resolve(FOLDERS.get(classes[i]));
            Files.createDirectories(folder);
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                int v = Math.round(Math.max(0f, Math.min(1f, rows[i][p])) * 255f);
                img.getRaster().setSample(p % 28, p / 28, 0, v);
            }
            Path out = folder.resolve(String.format("%05d.png", i));
            Path tmp = folder.resolve(out.getFileName() + ".tmp");
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer for " + tmp);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return dir;
    }
}
