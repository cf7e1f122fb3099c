package org.transfer4j.zoo.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The malloc settings are a speed switch only: a fresh JVM with them and one with glibc's defaults compute
 * the same outputs, loss, gradients, training losses and trained parameters (within 1e-4 relative to the
 * largest magnitude; in practice bit for bit). The JVM without them logs the hint once; the one with them
 * does not.
 */
class MallocSettingsEquivalenceIT {
    record Run(INDArray values, String log) {
    }

    static Run probe(Path out, boolean tuned) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GradientProbe.class.getName(), out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        MallocSettings.RECOMMENDED.keySet().forEach(env::remove);
        env.remove(MallocSettings.OPT_OUT_ENV);
        if (tuned) {
            env.putAll(MallocSettings.RECOMMENDED);
        }
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        return new Run(Nd4j.readBinary(out.toFile()), log);
    }

    @Test
    void tunedAndDefaultMallocComputeTheSameNumbers(@TempDir Path dir) throws Exception {
        Run tuned = probe(dir.resolve("tuned.bin"), true);
        Run plain = probe(dir.resolve("plain.bin"), false);
        assertTrue(tuned.log().contains("MALLOC_ARENA_MAX=1"), tuned.log());
        assertTrue(plain.log().contains("MALLOC_ARENA_MAX=null"), plain.log());
        assertFalse(tuned.log().contains("glibc malloc runs with its defaults"), tuned.log());
        assertEquals(1, plain.log().split("glibc malloc runs with its defaults", -1).length - 1, plain.log());

        assertEquals(plain.values().length(), tuned.values().length());
        double scale = plain.values().amaxNumber().doubleValue();
        double diff = plain.values().sub(tuned.values()).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4 * scale, "max |tuned - default| = " + diff + " for max magnitude " + scale);
    }
}
