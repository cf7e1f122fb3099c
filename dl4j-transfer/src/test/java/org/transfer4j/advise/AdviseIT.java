package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.plan.TaskData;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.data.fashion.LabelledImages;
import org.transfer4j.plan.Base;

/**
 * The real pretrained MobileNetV2 ranked on real images (Fashion-MNIST written as PNG folders) against its own
 * random-weights twin: the ImageNet features explain the labels better (higher LogME) at their best cut.
 */
class AdviseIT {
    @TempDir
    Path tmp;

    @Test
    void pretrainedFeaturesOutrankTheirRandomControl() throws Exception {
        FashionMnist data = FashionMnist.locateAndLoad(null);
        LabelledImages sample = KShotSampler.sample(data.train().withClasses(0, 1, 7), 30, 1);
        for (int i = 0; i < sample.size(); i++) {
            Path dir = Files.createDirectories(tmp.resolve("images").resolve(FashionMnist.className(sample.originalClass(i))
                    .replaceAll("[^A-Za-z]", "")));
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = sample.pixels(i);
            for (int p = 0; p < px.length; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, px[p] & 0xff);
            }
            ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
        }
        // A candidate that does not load is listed as such; the real one is still scored.
        Advise.Ranking r = Advise.candidates(Base.keras(tmp.resolve("no-such.h5")), Base.catalogue("nsfwjs.mobilenetv2"))
                .examples(48).on(TaskData.folder(tmp.resolve("images")));
        assertEquals(1, r.failures().size(), r.table());
        assertTrue(r.failures().get(0).candidate().endsWith("no-such.h5") && r.failures().get(0).reason().contains("does not load"),
                r.table());
        System.out.println(r.table());
        String name = "catalogue:nsfwjs.mobilenetv2";
        assertEquals(6, r.scores().size(), r.table());
        for (int i = 1; i < r.scores().size(); i++) {
            assertTrue(r.scores().get(i - 1).logMe() >= r.scores().get(i).logMe(), "best first:\n" + r.table());
        }
        assertTrue(r.bestOf(name, false).logMe() > r.bestOf(name, true).logMe(), r.table());
        assertTrue(r.scores().stream().allMatch(s -> s.examples() == 48 && Double.isFinite(s.logMe())), r.table());
    }
}
