package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.Anatomy;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.source.NpmPackageSource;
import org.transfer4j.zoo.tfjs.NsfwjsReferenceIT;

/**
 * nsfwjs@4.4.0's two networks written as Keras 2 HDF5 files by a fixture script
 * ({@code src/test/python/make_nsfwjs_keras.py}: the package's modules read by node, weights
 * de-quantized, written with h5py) and imported with {@link KerasImport}: outputs equal TensorFlow.js's
 * (the checked-in reference of {@link NsfwjsReferenceIT}) within 1e-4; the file's frozen layers are the
 * counts the topology declares; the feature vertex, classifier and blocks are found from the graph.
 */
class NsfwjsKerasIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFiles() throws Exception {
        writeFromPackage("make_nsfwjs_keras.py", dir);
    }

    /** Runs a fixture script of src/test/python over the nsfwjs@4.4.0 package, writing into {@code out}. */
    static void writeFromPackage(String script, Path out) throws Exception {
        ModelEntry entry = Catalogue.builtIn().model("nsfwjs.mobilenetv2");
        NpmPackageSource npm = NpmPackageSource.defaults();
        npm.resolve(entry); // fetches and verifies the package once (npm pack), as the catalogue does
        Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/" + script,
                npm.packageDir(entry.npm()).toString(), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), script + " failed (needs Debian's python3-h5py, python3-numpy and node): " + log);
    }

    /** The largest |network - TensorFlow.js| over the reference's three images and five classes. */
    static double worstDifference(INDArray out, JsonNode ref) {
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 5; c++) {
                worst = Math.max(worst, Math.abs(out.getDouble(i, c) - ref.get("output").get(i).get(c).asDouble()));
            }
        }
        return worst;
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"nsfwjs.mobilenetv2, mobilenet_v2, 98", "nsfwjs.inceptionv3, inception_v3, 167"})
    void kerasFileEqualsTensorFlowJs(String id, String name, int frozen) throws Exception {
        Path h5 = dir.resolve(name + ".h5");
        JsonNode ref = Json.MAPPER.readTree(Path.of("src/test/resources/tfjs/nsfwjs-reference.json").toFile())
                .get("models").get(name);
        ComputationGraph g = (ComputationGraph) KerasImport.load(h5, KerasOptions.defaults());
        INDArray out = g.outputSingle(false, NsfwjsReferenceIT.images(3, ref.get("size").asInt())).castTo(DataType.DOUBLE);
        double worst = worstDifference(out, ref);
        assertTrue(worst < 1e-4, name + ".h5: max |dl4j - tfjs| = " + worst);
        KerasFileInfo info = KerasFileInfo.of(h5);
        assertEquals(frozen, info.frozenInFile().size(), "layers the file marks trainable: false");
        assertEquals(List.of(224, 299).get(name.startsWith("mobilenet") ? 0 : 1), info.inputShape().get(1));
        ModelEntry entry = Catalogue.builtIn().model(id);
        Anatomy a = Anatomy.discover(g);
        assertEquals(entry.featureVertex(), a.feature());
        assertEquals(entry.classifierVertex(), a.classifier());
        assertEquals(entry.blocks(), a.blocks());
    }
}
