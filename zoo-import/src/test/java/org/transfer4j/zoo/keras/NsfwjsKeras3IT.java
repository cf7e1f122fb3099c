package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.Anatomy;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.tfjs.NsfwjsReferenceIT;

/**
 * nsfwjs@4.4.0's MobileNetV2 as a transfer-learning Keras 3 file (src/test/python/make_nsfwjs_keras3.py: the
 * package's backbone nested as a Functional layer in the user's model, its head after it, real weights) imported
 * with {@link KerasArchiveImport}: outputs equal TensorFlow.js's within 1e-4, the nested backbone's layers keep
 * their names so the catalogue's feature vertex, classifier and blocks are found, and the file's frozen layers are
 * the package's.
 */
class NsfwjsKeras3IT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeFile() throws Exception {
        NsfwjsKerasIT.writeFromPackage("make_nsfwjs_keras3.py", dir);
    }

    @Test
    void nestedBackboneFileEqualsTensorFlowJs() throws Exception {
        KerasArchiveImport.Imported m = KerasArchiveImport.load(dir.resolve("mobilenet_v2.keras"), KerasOptions.defaults());
        JsonNode ref = Json.MAPPER.readTree(Path.of("src/test/resources/tfjs/nsfwjs-reference.json").toFile())
                .get("models").get("mobilenet_v2");
        ComputationGraph g = (ComputationGraph) m.network();
        INDArray out = g.outputSingle(false, NsfwjsReferenceIT.images(3, 224)).castTo(DataType.DOUBLE);
        double worst = NsfwjsKerasIT.worstDifference(out, ref);
        assertTrue(worst < 1e-4, "max |dl4j - tfjs| = " + worst);
        assertEquals(List.of(new KerasArchiveImport.NestedModel("mobilenetv2_1.00_224", "Functional", 154, true)), m.nested());
        assertEquals(98, m.info().frozenInFile().size(), "layers the file marks trainable: false (as the package's)");
        assertNull(m.preprocessing());
        ModelEntry entry = Catalogue.builtIn().model("nsfwjs.mobilenetv2");
        Anatomy a = Anatomy.discover(g);
        assertEquals(entry.featureVertex(), a.feature());
        assertEquals(entry.classifierVertex(), a.classifier());
        assertEquals(entry.blocks(), a.blocks());
    }
}
