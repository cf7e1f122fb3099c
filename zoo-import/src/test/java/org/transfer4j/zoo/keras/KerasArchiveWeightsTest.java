package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.common.Json;

/** Where {@link KerasArchiveWeights} finds a layer's variables in files h5py writes here, odd ones included. */
class KerasArchiveWeightsTest {
    @TempDir
    Path tmp;

    /** Writes an HDF5 file with h5py: {@code script} gets the open file as {@code f}. */
    Path h5(String script) throws Exception {
        Path file = tmp.resolve("w.h5");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import h5py, numpy as np\nf = h5py.File('" + file
                + "', 'w')\n" + script + "\nf.close()").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        return file;
    }

    @Test
    void theNameAttributeWinsOverTheCounterAndOddGroupsAreSkipped() throws Exception {
        Path file = h5("""
                f.create_dataset('layers/dense_7/vars/0', data=np.ones((4, 2), 'f4'))
                f.create_dataset('layers/dense_7/vars/1', data=np.full((2,), 3, 'f4'))
                f['layers/dense_7/vars'].attrs['name'] = 'd'
                f.create_dataset('layers/dense/vars/0', data=np.zeros((4, 2), 'f4'))
                f.create_dataset('layers/dense/vars/1', data=np.zeros((2,), 'f4'))
                f.create_group('layers/no_vars')
                f.create_group('layers/numbered/vars').attrs['name'] = 5
                """);
        KerasArchiveGraph g = KerasArchiveGraph.of("f.keras", Json.MAPPER.readTree(
                KerasArchiveImportTest.sequential(KerasArchiveImportTest.layer("Dense", "d"))));
        try (KerasArchiveWeights w = new KerasArchiveWeights("f.keras", file)) {
            Map<String, INDArray> d = w.read(g).get("d");
            assertEquals(3.0, d.get("bias").getDouble(0), "read from dense_7, which the attribute names");
            assertEquals(List.of("kernel", "bias"), List.copyOf(d.keySet()));
        }
    }

    @Test
    void aNestedModelWithoutALayersGroupIsNamed() throws Exception {
        Path file = h5("f.create_group('layers/sequential/vars')");
        String inner = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"layers\": ["
                + KerasArchiveImportTest.layer("Dense", "d2") + "]}}";
        KerasArchiveGraph g = KerasArchiveGraph.of("f.keras", Json.MAPPER.readTree(KerasArchiveImportTest.sequential(inner)));
        try (KerasArchiveWeights w = new KerasArchiveWeights("f.keras", file)) {
            String m = assertThrows(KerasImportException.class, () -> w.read(g)).getMessage();
            assertTrue(m.contains("no layers group for nested model 'inner'"), m);
        }
        Path empty = h5("f.create_group('optimizer')");
        KerasArchiveGraph top = KerasArchiveGraph.of("f.keras", Json.MAPPER.readTree(
                KerasArchiveImportTest.sequential(KerasArchiveImportTest.layer("Dense", "d"))));
        try (KerasArchiveWeights w = new KerasArchiveWeights("f.keras", empty)) {
            String m = assertThrows(KerasImportException.class, () -> w.read(top)).getMessage();
            assertTrue(m.contains("no layers group for the model"), m);
        }
    }

    @Test
    void tooFewVariablesAreReportedWithTheirPath() throws Exception {
        Path file = h5("f.create_dataset('layers/dense/vars/0', data=np.ones((4, 2), 'f4'))");
        KerasArchiveGraph g = KerasArchiveGraph.of("f.keras", Json.MAPPER.readTree(
                KerasArchiveImportTest.sequential(KerasArchiveImportTest.layer("Dense", "d"))));
        try (KerasArchiveWeights w = new KerasArchiveWeights("f.keras", file)) {
            String m = assertThrows(KerasImportException.class, () -> w.read(g)).getMessage();
            assertTrue(m.contains("layer 'd' (Dense) has 1 variables in model.weights.h5 at layers/dense/vars"), m);
        }
    }
}
