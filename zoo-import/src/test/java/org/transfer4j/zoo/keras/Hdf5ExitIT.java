package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras imports and then JVM exit, many times in child JVMs: with HDF5 handles left to the garbage
 * collector the JVM crashed at exit now and then (SIGSEGV in libhdf5's H5F_get_nrefs on the VM thread,
 * after "HDF5-DIAG ... Unable to close file"). Every run must exit with 0 and no HDF5 diagnostics.
 */
class Hdf5ExitIT {
    static final int RUNS = 6;

    @TempDir
    Path tmp;

    @Test
    void importsThenExitNeverCrash() throws Exception {
        Path dir = Path.of("src", "test", "resources", "keras");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"), "-cp", System.getProperty("java.class.path"),
                ImportAndExit.class.getName()));
        for (String f : List.of("resnet_functional.h5", "cnn_batchnorm.h5", "mlp_dropout.h5", "vgg_flatten.h5",
                "resnet_functional_tf2.h5", "mlp_dropout_tf2.h5")) {
            cmd.add(dir.resolve(f).toString());
        }
        for (int run = 0; run < RUNS; run++) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("OMP_NUM_THREADS", "1");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), "run " + run + " finished");
            assertEquals(0, p.exitValue(), "run " + run + " exit code; output:\n" + tail(out));
            assertTrue(out.contains("imported 18"), tail(out));
            assertFalse(out.contains("HDF5-DIAG") || out.contains("SIGSEGV"), "run " + run + ":\n" + tail(out));
        }
    }

    private static String tail(String s) throws IOException {
        return s.length() <= 3000 ? s : s.substring(s.length() - 3000);
    }
}
