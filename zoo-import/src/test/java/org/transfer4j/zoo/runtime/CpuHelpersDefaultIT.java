package org.transfer4j.zoo.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * DL4J's oneDNN helpers are on for a user who never heard of {@link CpuHelpers}: a fresh JVM loads a
 * network through a public entry point (nothing else) and its convolution layers carry the helper;
 * the documented opt-out turns them off.
 */
class CpuHelpersDefaultIT {
    static final String KERAS = Paths.get("src/test/resources/keras/cnn_batchnorm.h5").toAbsolutePath().toString();

    static String probe(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("helpers: ")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    @Test
    void aKerasImportInAFreshJvmGetsTheHelpers() throws Exception {
        String line = probe(HelpersProbe.class.getName(), "keras", KERAS);
        assertTrue(line.matches("helpers: (MKLDNNConvHelper ?)+"), line);
    }

    @Test
    void aZooArchitectureInAFreshJvmGetsTheHelpers() throws Exception {
        String line = probe(HelpersProbe.class.getName(), "zoo");
        assertTrue(line.matches("helpers: (MKLDNNConvHelper ?)+"), line);
    }

    @Test
    void theOptOutTurnsThemOff() throws Exception {
        String line = probe("-D" + CpuHelpers.OPT_OUT_PROPERTY + "=false", HelpersProbe.class.getName(), "keras", KERAS);
        assertTrue(line.matches("helpers: (none ?)+"), line);
    }
}
