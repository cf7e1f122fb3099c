package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed fixtures are what the generator script produces: it runs with Debian's python3-h5py
 * and python3-numpy (installed by run-tests.sh / .ci/run) and its reference outputs must match.
 */
class KerasFixturesTest {
    @TempDir
    Path out;

    @Test
    void generatorReproducesTheCommittedExpectedOutputs() throws IOException, InterruptedException {
        Path script = Paths.get("src/test/python/make_keras_fixtures.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        for (String name : List.of("mlp_dropout", "cnn_batchnorm", "resnet_functional", "vgg_flatten",
                "mlp_dropout_tf2", "resnet_functional_tf2")) {
            assertEquals(Files.readString(Paths.get("src/test/resources/keras/" + name + ".expected.json")),
                    Files.readString(out.resolve(name + ".expected.json")), name);
        }
    }
}
