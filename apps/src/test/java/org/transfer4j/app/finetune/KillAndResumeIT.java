package org.transfer4j.app.finetune;

import org.transfer4j.report.TrainingReport;
import org.transfer4j.report.ModelExport;
import org.transfer4j.report.TrainingReportWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.Json;

/**
 * A fine-tuning process killed with SIGKILL in the middle of an epoch, after an unfreezing step of a
 * gradual schedule, then started again with the same arguments, ends with parameters bit-identical to
 * those of a process that ran without interruption.
 */
class KillAndResumeIT {
    static final String[] ARGS = {"--base", "architecture:StudyLeNet", "--k", "60", "--validation-per-class", "20",
            "--test-limit", "300", "--batch", "20", "--strategy", "gradual", "--head-epochs", "1", "--every-epochs", "1",
            "--blocks", "2", "--epochs", "5", "--patience", "5", "--lr", "3e-3", "--no-progress"};

    @TempDir
    Path tmp;

    static Process start(Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                KillableFineTune.class.getName(), out.toString()));
        cmd.addAll(List.of(ARGS));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_NUM_THREADS", "1"); // same native threading in every run: same float sums
        return pb.start();
    }

    /** Runs to the end; returns the last line. */
    static String runToEnd(Path out) throws Exception {
        Process p = start(out);
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                last = line;
            }
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), "exit code; last line " + last);
        return last;
    }

    @Test
    void killedMidEpochAndRestartedEndsBitIdentical() throws Exception {
        Path whole = tmp.resolve("whole");
        assertEquals("done resumedAt=0", runToEnd(whole));

        Path killed = tmp.resolve("killed");
        Process p = start(killed);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.equals("step 3 4")) { // fourth step of the fourth epoch, after two unfreezing steps
                    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no chance to tidy up
                    break;
                }
            }
        }
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertTrue(p.exitValue() != 0, "the process was killed");
        var state = Json.readFile(killed.resolve("checkpoints").resolve("state.json"), org.transfer4j.train.TrainerState.class);
        assertEquals(3, state.epochsDone(), "the checkpoint after the third epoch survived the kill");
        assertEquals(2, state.unfrozenBlocks());
        assertTrue(Files.list(killed.resolve("checkpoints")).noneMatch(f -> f.getFileName().toString().contains(".tmp")),
                "no temp files named as checkpoints");

        assertEquals("done resumedAt=3", runToEnd(killed));
        var a = ModelSerializer.restoreMultiLayerNetwork(whole.resolve("model").resolve(ModelExport.MODEL).toFile(), false);
        var b = ModelSerializer.restoreMultiLayerNetwork(killed.resolve("model").resolve(ModelExport.MODEL).toFile(), false);
        assertEquals(a.params(), b.params(), "bit-identical parameters");
        TrainingReport ra = Json.readFile(whole.resolve(TrainingReportWriter.JSON), TrainingReport.class);
        TrainingReport rb = Json.readFile(killed.resolve(TrainingReportWriter.JSON), TrainingReport.class);
        assertEquals(ra.validation().accuracy(), rb.validation().accuracy());
        assertEquals(ra.history().stream().map(e -> e.trainLoss()).toList(), rb.history().stream().map(e -> e.trainLoss()).toList());
    }
}
