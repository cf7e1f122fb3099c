package org.transfer4j.app.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.app.cli.Transfer4jCli;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.common.Json;

/** The {@code advise} command: candidates it cannot score are reported by name, bad data is refused in one line. */
class AdviseCommandTest {
    @TempDir
    Path tmp;

    static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void candidatesThatCannotBeScoredAreNamedAndTheOthersRanked() throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 4, 2);
        Path seq = Path.of("..", "zoo-import", "src", "test", "resources", "keras", "cnn_batchnorm.h5");
        int code = Transfer4jCli.run("advise", new String[] {"--candidate", "keras:" + tmp.resolve("gone.h5"),
                "--candidate", "keras:" + seq, "--data", photos.toString(), "--examples", "8", "--no-progress",
                "--strategy-budget", "0", "--output", tmp.resolve("out").toString()});
        assertEquals(0, code);
        String md = Files.readString(tmp.resolve("out").resolve(AdviseReportWriter.MARKDOWN));
        assertTrue(md.contains("gone.h5: does not load"), md);
        assertTrue(md.contains("Start with keras:"), md);
        var json = Json.MAPPER.readTree(tmp.resolve("out").resolve(AdviseReportWriter.JSON).toFile());
        assertEquals(1, json.get("failures").size());
        assertEquals(8, json.get("examples").asInt());
        assertTrue(json.get("scores").size() >= 2);
        assertTrue(Files.size(tmp.resolve("out").resolve(AdviseReportWriter.CHART)) > 1000);
        assertTrue(json.get("strategy").isNull() && !md.contains("## Which strategy"), "budget 0: ranking only");
        String err = stderrOf(() -> assertEquals(1, Transfer4jCli.run("advise", new String[] {"--candidate",
                "keras:" + tmp.resolve("gone.h5"), "--data", photos.toString(), "--no-progress", "--output",
                tmp.resolve("none").toString()}), "nothing scored is a failure"));
        assertTrue(err.lines().anyMatch(l -> l.startsWith("error: no candidate could be scored: keras:")
                && l.contains("gone.h5: does not load")), err);
        assertTrue(Files.readString(tmp.resolve("none").resolve(AdviseReportWriter.MARKDOWN)).contains("No candidate could be scored"));
        assertFalse(Files.exists(tmp.resolve("none").resolve(AdviseReportWriter.CHART)), "no scores, no chart");
    }

    @Test
    void strategyProbesOnTheBestCandidateAddTheirSectionCurvesAndJson() throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 20, 3);
        Path seq = Path.of("..", "zoo-import", "src", "test", "resources", "keras", "cnn_batchnorm.h5");
        Path out = tmp.resolve("probed");
        assertEquals(0, Transfer4jCli.run("advise", new String[] {"--candidate", "keras:" + seq, "--data", photos.toString(),
                "--examples", "12", "--no-controls", "--strategy-budget", "90", "--probe-examples", "16", "--no-progress",
                "--output", out.toString()}));
        String md = Files.readString(out.resolve(AdviseReportWriter.MARKDOWN));
        assertTrue(md.contains("## Which strategy: probes on keras:") && md.contains("| strategy | learning rate |"), md);
        var s = Json.MAPPER.readTree(out.resolve(AdviseReportWriter.JSON).toFile()).get("strategy");
        // 60 images split 70/15/15: 42 training images; the probes train on nested subsets of 16 of them (4, 8, 16)
        assertEquals(42, s.get("trainExamples").asInt(), s.toString());
        var sizes = new java.util.TreeSet<Integer>();
        s.get("probes").forEach(p -> sizes.add(p.get("examples").asInt()));
        assertEquals(java.util.Set.of(4, 8, 16), sizes, s.toString());
        var rec = s.get("recommendation");
        assertTrue(rec.get("expectedAccuracy").asDouble() >= 0 && rec.get("expectedAccuracy").asDouble() <= 1, rec.toString());
        assertTrue(md.contains(rec.get("text").asText()), md);
        assertTrue(Files.size(out.resolve(AdviseReportWriter.CURVES)) > 1000);
        org.transfer4j.app.report.ReportContract.check(Json.readFile(out.resolve(AdviseReportWriter.JSON), AdviseReport.class), out);
    }

    @Test
    void theDataIsAFolderOrFashionMnistClassesNotBoth() {
        String both = stderrOf(() -> assertEquals(2, Transfer4jCli.run("advise", new String[] {"--candidate", "catalogue:x",
                "--data", tmp.toString(), "--fashion-classes", "5,6", "--no-progress"})));
        assertTrue(both.startsWith("error: give either --data DIR") && both.contains("got both"), both);
        String neither = stderrOf(() -> assertEquals(2, Transfer4jCli.run("advise", new String[] {"--candidate", "catalogue:x",
                "--no-progress"})));
        assertTrue(neither.contains("got neither"), neither);
    }

    @Test
    void switchesDefaultOnAndTurnOffByName() {
        AdviseOptions o = new AdviseOptions();
        new picocli.CommandLine(o).parseArgs("--candidate", "catalogue:x", "--data", "d");
        assertTrue(o.progress && o.controls);
        new picocli.CommandLine(o).parseArgs("--candidate", "catalogue:x", "--data", "d", "--no-progress", "--no-controls");
        assertFalse(o.progress || o.controls);
    }

    @Test
    void badDataIsOneLineAndWhereTheUsageIs() {
        String err = stderrOf(() -> assertEquals(2, Transfer4jCli.run("advise", new String[] {"--candidate",
                "catalogue:nsfwjs.mobilenetv2", "--data", tmp.resolve("nowhere").toString(), "--no-progress"})));
        assertTrue(err.startsWith("error: --data must be a folder of labelled images"), err);
        assertTrue(err.contains("see 'transfer4j advise --help' for the options") && !err.contains("Usage:"), err);
        String missing = stderrOf(() -> assertEquals(2, Transfer4jCli.run("advise", new String[] {"--data", tmp.toString()})));
        assertTrue(missing.contains("--candidate"), missing);
    }

    @Test
    void theRecommendationNamesTheBestPretrainedCutAndWarnsWhenItsControlIsAsGood() {
        var beats = new org.transfer4j.advise.Advise.Ranking(java.util.List.of(
                new org.transfer4j.advise.Advise.Score("b", "x", true, 10, 0.9, 0.9, 1),
                new org.transfer4j.advise.Advise.Score("a", "y", false, 10, 0.5, 0.6, 1),
                new org.transfer4j.advise.Advise.Score("a", "z", false, 10, 0.3, 0.8, 1),
                new org.transfer4j.advise.Advise.Score("a", "y", true, 10, 0.1, 0.3, 1)));
        String s = AdviseReport.recommend(beats);
        assertTrue(s.startsWith("Start with a (LogME 0.5000 at y). For feature extraction cut it at z: a linear probe on its"
                + " features classifies 80.0% of the 10 sampled images (leave-one-out).") && s.contains("beat its random-weight twin (0.1000)"), s);
        var loses = new org.transfer4j.advise.Advise.Ranking(java.util.List.of(
                new org.transfer4j.advise.Advise.Score("a", "y", true, 10, 0.6, 0.5, 1),
                new org.transfer4j.advise.Advise.Score("a", "y", false, 10, 0.6, 0.5, 1)));
        String w = AdviseReport.recommend(loses);
        assertTrue(w.contains("Warning: its random-weight twin scores as well or better (0.6000)"), w);
        var alone = new org.transfer4j.advise.Advise.Ranking(java.util.List.of(new org.transfer4j.advise.Advise.Score("a", "y", false, 10, 0.2, 0.5, 1)));
        assertEquals("Start with a (LogME 0.2000 at y). For feature extraction cut it at y: a linear probe on its features"
                + " classifies 50.0% of the 10 sampled images (leave-one-out).", AdviseReport.recommend(alone));
        assertTrue(AdviseReport.recommend(new org.transfer4j.advise.Advise.Ranking(java.util.List.of())).startsWith("No candidate"));
    }
}
