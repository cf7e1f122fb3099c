package org.transfer4j.app.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.app.cli.Transfer4jCli;
import org.transfer4j.common.Json;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.data.fashion.LabelledImages;

/** {@code advise} end to end on the real MobileNetV2: a readable report whose pretrained features beat their control, and strategy probes that run within their budget. */
class AdviseCliIT {
    @TempDir
    Path tmp;

    @Test
    void ranksTheRealBackboneAboveItsRandomTwinAndWritesTheReport() throws Exception {
        FashionMnist data = FashionMnist.locateAndLoad(null);
        LabelledImages sample = KShotSampler.sample(data.train().withClasses(1, 5, 8), 12, 2);
        for (int i = 0; i < sample.size(); i++) {
            Path dir = Files.createDirectories(tmp.resolve("images").resolve("c" + sample.originalClass(i)));
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = sample.pixels(i);
            for (int p = 0; p < px.length; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, px[p] & 0xff);
            }
            ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
        }
        Path out = tmp.resolve("out");
        assertEquals(0, Transfer4jCli.run("advise", new String[] {"--candidate", "catalogue:nsfwjs.mobilenetv2",
                "--data", tmp.resolve("images").toString(), "--examples", "36", "--cuts", "2", "--no-progress",
                "--strategy-budget", "30", "--output", out.toString()}));
        String md = Files.readString(out.resolve(AdviseReportWriter.MARKDOWN));
        assertTrue(md.contains("Start with catalogue:nsfwjs.mobilenetv2") && md.contains("beat its random-weight twin"), md);
        var json = Json.MAPPER.readTree(out.resolve(AdviseReportWriter.JSON).toFile());
        assertEquals(4, json.get("scores").size(), "2 cuts, pretrained and control");
        assertTrue(Files.size(out.resolve(AdviseReportWriter.CHART)) > 1000);
        // the strategy probes on the real backbone, within their 30 s: at least feature extraction finished
        var probes = json.get("strategy").get("probes");
        int ran = 0;
        for (var p : probes) {
            ran += p.get("skipped").isNull() ? 1 : 0;
            assertTrue(p.get("skipped").isNull() || !p.get("skipped").asText().startsWith("failed"), p.toString());
        }
        assertTrue(ran >= 1, probes.toString());
        assertTrue(md.contains("## Which strategy: probes on catalogue:nsfwjs.mobilenetv2"), md);
    }
}
