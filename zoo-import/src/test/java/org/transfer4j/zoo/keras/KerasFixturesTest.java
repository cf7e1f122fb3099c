package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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

    /** Same structure, numbers within 1e-9 (another numpy build may differ in the last digits). */
    static void assertClose(com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode b, String where) {
        if (a.isNumber()) {
            assertEquals(a.asDouble(), b.asDouble(), 1e-9, where);
        } else if (a.isContainerNode()) {
            assertEquals(a.size(), b.size(), where);
            var names = a.fieldNames();
            if (a.isArray()) {
                for (int i = 0; i < a.size(); i++) {
                    assertClose(a.get(i), b.get(i), where + "[" + i + "]");
                }
            } else {
                names.forEachRemaining(n -> assertClose(a.get(n), b.get(n), where + "." + n));
            }
        } else {
            assertEquals(a, b, where);
        }
    }

    @Test
    void generatorReproducesTheCommittedExpectedOutputs() throws IOException, InterruptedException {
        Path script = Paths.get("src/test/python/make_keras_fixtures.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        for (String name : List.of("mlp_dropout", "cnn_batchnorm", "resnet_functional", "vgg_flatten",
                "mlp_dropout_tf2", "resnet_functional_tf2")) {
            var committed = org.transfer4j.common.Json.MAPPER.readTree(Paths.get("src/test/resources/keras/" + name + ".expected.json").toFile());
            var regenerated = org.transfer4j.common.Json.MAPPER.readTree(out.resolve(name + ".expected.json").toFile());
            assertClose(committed, regenerated, name);
        }
    }
}
