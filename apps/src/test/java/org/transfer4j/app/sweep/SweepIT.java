package org.transfer4j.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.Json;

/**
 * Small sweeps on the Fashion-MNIST task (study LeNet with init() weights, few images, few epochs):
 * resume after a kill, pruning, and a failing candidate.
 */
class SweepIT {
    static final String[] ARGS = {"--base", "architecture:StudyLeNet", "--k", "30", "--validation-per-class", "20",
            "--test-limit", "300", "--epochs", "4", "--patience", "4", "--candidates", "5", "--sweep-seed", "3",
            "--rung-epochs", "1", "--no-progress"};

    @TempDir
    Path tmp;

    static SweepOptions options(Path out, String... extra) {
        SweepOptions o = new SweepOptions();
        List<String> args = new ArrayList<>(List.of(ARGS));
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", out.toString()));
        new picocli.CommandLine(o).parseArgs(args.toArray(String[]::new));
        return o;
    }

    static Process start(Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Sweep.class.getName()));
        cmd.addAll(List.of(ARGS));
        cmd.addAll(List.of("--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    static List<String> board(Path out) throws IOException {
        SweepReport r = Json.readFile(out.resolve(SweepReportWriter.JSON), SweepReport.class);
        return r.leaderboard().stream().map(e -> e.index() + " " + e.status() + " " + e.score() + " " + e.validationByEpoch())
                .toList();
    }

    @Test
    void aSweepKilledAfterSomeCandidatesAndRestartedEndsWithTheSameLeaderboard() throws Exception {
        Path whole = tmp.resolve("whole");
        Process p = start(whole);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue());

        Path killed = tmp.resolve("killed");
        p = start(killed);
        Path journal = killed.resolve(Journal.FILE);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && (!Files.exists(journal) || Files.readAllLines(journal).size() < 2)) {
            Thread.sleep(50);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        int before = Files.readAllLines(journal).size();
        assertTrue(before >= 2 && before < 5, "killed after " + before + " candidates");

        p = start(killed);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue());
        assertEquals(board(whole), board(killed));
        assertEquals(5, board(killed).size());
    }

    @Test
    void pruningSpendsFewerEpochsOnTheSameCandidates() throws Exception {
        SweepReport pruned = Sweep.run(options(tmp.resolve("pruned")));
        org.transfer4j.app.report.ReportContract.check(pruned, tmp.resolve("pruned"));
        SweepReport full = Sweep.run(options(tmp.resolve("full"), "--no-pruning"));
        assertEquals(params(full), params(pruned), "same candidates");
        assertTrue(pruned.leaderboard().stream().anyMatch(e -> Journal.Entry.PRUNED.equals(e.status())), "something was pruned");
        assertTrue(pruned.epochsTrained() < full.epochsTrained(), pruned.epochsTrained() + " vs " + full.epochsTrained());
        assertTrue(Files.isRegularFile(tmp.resolve("pruned").resolve("best-model").resolve("model.zip")));
        assertTrue(Files.size(tmp.resolve("pruned").resolve(SweepReportWriter.BY_CANDIDATE)) > 0);
        SweepReport.Manifest m = Json.readFile(tmp.resolve("pruned").resolve(Sweep.MANIFEST), SweepReport.Manifest.class);
        assertEquals(3, m.seed());
        assertTrue(m.dataFingerprint() != null && m.dataFingerprint().length() == 64, m.dataFingerprint());
    }

    static List<Object> params(SweepReport r) {
        return r.leaderboard().stream().sorted(java.util.Comparator.comparingInt(Journal.Entry::index))
                .map(Journal.Entry::parameters).map(Object.class::cast).toList();
    }

    @Test
    void aFailingCandidateIsRecordedAndTheSweepGoesOn() throws Exception {
        Path space = tmp.resolve("space.json");
        // The study's LeNet has three blocks: a candidate asking to train five fails in the plan.
        Files.writeString(space, "{\"parameters\": {\"strategy\": {\"value\": \"fine-tune\"},"
                + " \"blocks\": {\"values\": [1, 5]}, \"learningRate\": {\"min\": 0.001, \"max\": 0.003}}}");
        SweepOptions o = options(tmp.resolve("failing"), "--space", space.toString());
        o.template.maxEpochs = 1;
        SweepReport r = Sweep.run(o);
        List<Journal.Entry> failed = r.leaderboard().stream().filter(e -> Journal.Entry.FAILED.equals(e.status())).toList();
        assertTrue(!failed.isEmpty() && failed.size() < 5, "some failed: " + failed.size());
        assertEquals(5, r.leaderboard().size(), "the sweep went on to its total");
        for (Journal.Entry e : failed) {
            assertEquals(5, ((Number) e.parameters().get("blocks")).intValue());
            assertTrue(e.error().contains("cannot train the last 5 blocks") && e.error().contains("\tat "), e.error());
        }
        assertTrue(r.best() != null && r.best().score() > 0.2);
    }
}
