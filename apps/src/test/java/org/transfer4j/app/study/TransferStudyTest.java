package org.transfer4j.app.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import org.transfer4j.common.Json;

/** A small study on the real Fashion-MNIST files (installed by .ci/run): few steps, small test set. */
class TransferStudyTest {
    @TempDir
    Path out;

    static StudyOptions small(Path out) {
        StudyOptions o = new StudyOptions();
        o.kValues = List.of(5, 20);
        o.seeds = List.of(1L, 2L);
        o.sourceEpochs = 1;
        o.sourceTrainLimit = 3200;
        o.minEpochs = 1;
        o.minSteps = 20;
        o.testLimit = 1000;
        o.outputDir = out;
        o.fashionDir = null; // the documented lookup order; .ci/run installs Debian's dataset-fashion-mnist
        o.progress = false;
        return o;
    }

    @Test
    void smallStudyProducesAWellFormedReportAndReusesTheSourceModel() throws IOException {
        StudyReport r = TransferStudy.run(small(out));
        org.transfer4j.app.report.ReportContract.check(r, out);
        assertEquals(2 * 2 * 3, r.runs().size());
        assertEquals(2 * 3, r.cells().size());
        assertEquals(2, r.verdicts().size());
        assertFalse(r.source().reused());
        assertTrue(r.source().testAccuracy() > 0.6, "100 steps of pretraining learn something: " + r.source().testAccuracy());
        for (StudyReport.Run run : r.runs()) {
            assertTrue(run.accuracy() > 0.3 && run.accuracy() <= 1.0, "better than chance (0.2): " + run);
            assertTrue(run.steps() >= 20, run.toString());
        }
        StudyReport.Cell fe = r.cell(StudyArm.FEATURE_EXTRACTION, 20);
        assertEquals(2, fe.n());
        assertTrue(fe.min() <= fe.mean() && fe.mean() <= fe.max());

        JsonNode json = Json.MAPPER.readTree(out.resolve(StudyReportWriter.JSON).toFile());
        assertEquals(12, json.get("runs").size());
        assertEquals("FINE_TUNING", json.get("runs").get(2).get("strategy").asText());
        assertTrue(json.get("provenance").get("environment").has("oneDnnLayerHelpers"));
        String md = Files.readString(out.resolve(StudyReportWriter.MARKDOWN));
        assertTrue(md.contains("| K | strategy | mean accuracy | sd | min | max | mean wall time (s) |"), md);
        assertTrue(md.contains("K=20:") && md.contains("wins by"), md);
        BufferedImage png = ImageIO.read(out.resolve(StudyReportWriter.CHART).toFile());
        assertNotNull(png, "chart is a readable PNG");
        assertEquals(800, png.getWidth());

        // Second run: the stored source model is valid and reused, bit for bit.
        StudyReport again = TransferStudy.run(small(out));
        assertTrue(again.source().reused());
        assertEquals(r.source().sha256(), again.source().sha256());
        assertEquals(r.source().testAccuracy(), again.source().testAccuracy());

        // A damaged model file no longer matches its manifest and is retrained.
        Path model = out.resolve("source-model").resolve(SourceModel.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(model, bytes);
        assertFalse(TransferStudy.run(small(out)).source().reused());
    }

    @Test
    void sameSeedGivesTheSameAccuraciesSequentialOrParallel() throws IOException {
        StudyOptions o = small(out);
        o.kValues = List.of(5, 10);
        o.seeds = List.of(3L);
        o.parallel = 1;
        StudyReport a = TransferStudy.run(o);
        o.parallel = 2;
        StudyReport b = TransferStudy.run(o);
        for (int i = 0; i < a.runs().size(); i++) {
            assertEquals(a.runs().get(i).accuracy(), b.runs().get(i).accuracy(), 1e-9, a.runs().get(i).toString());
        }
    }
}
