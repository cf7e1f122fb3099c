package org.transfer4j.app.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job on a small budget: nsfwjs' MobileNetV2 (fetched through the catalogue with the
 * npm client) at 64 x 64, K = 10, one seed, 200 test images. Every method learns (chance is 10%), the
 * reports are written, and a second run reads the backbone's activations from the cache and repeats every
 * number exactly.
 */
class PretrainedStudyIT {
    @TempDir
    Path tmp;

    private PretrainedStudyOptions options(Path out) {
        PretrainedStudyOptions o = new PretrainedStudyOptions();
        o.size = 64;
        o.kValues = List.of(10);
        o.seeds = List.of(1L);
        o.testLimit = 200;
        o.fineTuneBlocks = 2;
        o.progress = false;
        o.outputDir = out;
        return o;
    }

    @Test
    void smallStudyLearnsWritesItsReportsAndRepeatsFromTheCache() throws Exception {
        PretrainedReport first = PretrainedStudy.run(options(tmp.resolve("a")));
        org.transfer4j.app.report.ReportContract.check(first, tmp.resolve("a"));
        List<String> cuts = List.of("block_6_project_BN", "block_12_add", "block_16_project_BN", "out_relu");
        assertEquals(cuts, first.backbone().featureCuts());
        assertEquals(List.of("out_relu", "block_16_project_BN", "block_15_add"), first.backbone().stageCuts());
        assertEquals(2 + cuts.size() + 2, first.runs().size());
        // 100 training images (nested prefix of the seed's sample) plus 200 test images went through the backbone.
        assertEquals(300, first.featurize().images());
        for (PretrainedRun.Outcome r : first.runs()) {
            assertTrue(r.accuracy() > 0.25, r.method().label() + " learned nothing: " + r.accuracy());
            assertTrue(r.steps() >= 100, r.method().label() + " trained " + r.steps() + " steps");
        }
        // LogME of each cut on the sample, and its ranking of the cuts against feature extraction's accuracy.
        assertEquals(cuts.size(), first.logMe().size());
        assertTrue(first.logMe().stream().allMatch(s -> Double.isFinite(s.logMe())), first.logMe().toString());
        assertEquals(1, first.cutRankings().size());
        assertTrue(Math.abs(first.cutRankings().get(0).kendallTau()) <= 1);
        double pixels = accuracy(first, Method.Kind.PIXELS_LINEAR);
        assertTrue(pixels > 0.5, "a linear model on Fashion-MNIST pixels reaches 60-70% at K=10, got " + pixels);
        for (String f : List.of(PretrainedReportWriter.MARKDOWN, PretrainedReportWriter.CHART, PretrainedReportWriter.JSON)) {
            assertTrue(Files.size(tmp.resolve("a").resolve(f)) > 200, f);
        }
        assertTrue(Files.readString(tmp.resolve("a").resolve(PretrainedReportWriter.MARKDOWN))
                .contains("| 10 | fine-tuning the last 2 blocks |"));

        PretrainedReport second = PretrainedStudy.run(options(tmp.resolve("b")));
        assertTrue(second.featurize().cacheHit(), "the second run reads the activations from the featurize cache");
        for (int i = 0; i < first.runs().size(); i++) {
            assertEquals(first.runs().get(i).accuracy(), second.runs().get(i).accuracy(), first.runs().get(i).method().label());
        }
    }

    private static double accuracy(PretrainedReport r, Method.Kind kind) {
        return r.runs().stream().filter(o -> o.method().kind() == kind).findFirst().orElseThrow().accuracy();
    }
}
