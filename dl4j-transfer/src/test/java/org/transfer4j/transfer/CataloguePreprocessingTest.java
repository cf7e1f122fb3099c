package org.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePipeline;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;

/**
 * For every catalogue entry with documented preprocessing, the image pipeline built from it gives,
 * channel by channel, exactly the entry's formula applied to the pixel in the entry's channel order.
 */
class CataloguePreprocessingTest {
    static final int R = 200;
    static final int G = 100;
    static final int B = 50;

    @TempDir
    Path tmp;

    static Stream<ModelEntry> entries() {
        return Catalogue.builtIn().models().stream().filter(m -> m.preprocessing() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void pipelineOutputEqualsTheFormula(ModelEntry entry) throws IOException {
        ImagePreprocessing pre = CataloguePreprocessing.of(entry);
        boolean grey = pre.channelOrder() == ImagePreprocessing.ChannelOrder.GREY;
        int r = grey ? 120 : R;
        int g = grey ? 120 : G;
        int b = grey ? 120 : B;
        Path dir = Files.createDirectories(tmp.resolve("x").resolve("c"));
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageIO.write(img, "png", dir.resolve("solid.png").toFile());
        try (ImagePipeline p = ImagePipeline.of(ImageFolder.scan(tmp.resolve("x")), pre, null,
                ImagePipeline.Options.evaluation(1))) {
            INDArray f = p.next().getFeatures();
            int c = entry.inputShape().get(0);
            assertArrayEquals(new long[] {1, c, entry.inputShape().get(1), entry.inputShape().get(2)}, f.shape());
            int[] rawInOrder = grey ? new int[] {r} : "BGR".equals(entry.channelOrder()) ? new int[] {b, g, r} : new int[] {r, g, b};
            for (int ch = 0; ch < c; ch++) {
                double expected = entry.preprocessing().apply(rawInOrder[ch], ch);
                assertEquals(expected, f.getDouble(0, ch, 7, 9), 1e-4, entry.id() + " channel " + ch);
                assertEquals(expected, f.getDouble(0, ch, f.size(2) - 1, f.size(3) - 1), 1e-4, entry.id() + " corner");
            }
        }
    }
}
