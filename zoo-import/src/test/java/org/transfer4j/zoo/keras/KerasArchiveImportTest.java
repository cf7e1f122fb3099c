package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.common.Json;
import org.transfer4j.common.Normalization;

/** What {@link KerasArchiveImport} keeps from a file beyond its outputs, and how it refuses what it cannot import. */
class KerasArchiveImportTest {
    @TempDir
    Path tmp;

    static KerasArchiveImport.Imported load(String generated) throws Exception {
        return KerasArchiveImport.load(KerasArchiveFixturesTest.generated().resolve(generated),
                KerasOptions.defaults().withTrainableOutput(false));
    }

    @Test
    void aNestedBackboneIsInlinedWithItsNamesAndTheFilesFreezing() throws Exception {
        KerasArchiveImport.Imported m = load("mobilenetv2_nested.keras");
        ComputationGraph g = (ComputationGraph) m.network();
        assertTrue(g.getConfiguration().getVertices().containsKey("block_16_project_BN"));
        assertTrue(g.getConfiguration().getVertices().containsKey("predictions"));
        // keras.applications.MobileNetV2(include_top=False) has 154 layers; its InputLayer becomes the outer input.
        assertEquals(List.of(new KerasArchiveImport.NestedModel("mobilenetv2_0.35_96", "Functional", 153, false)), m.nested());
        List<String> frozen = m.info().frozenInFile();
        assertTrue(frozen.contains("Conv1") && frozen.contains("out_relu"), frozen.toString());
        assertFalse(frozen.contains("predictions") || frozen.contains("global_average_pooling2d"), frozen.toString());
        assertEquals(List.of(96, 96, 3), m.inputShape());
        assertEquals(List.of(3, 96, 96), m.info().inputShape());
        assertEquals("3.10.0", m.kerasVersion());
        assertEquals(Normalization.scaleTo(-1, 1), m.preprocessing()); // Rescaling(1/127.5, offset=-1) left the graph
        assertFalse(g.getConfiguration().getVertices().containsKey("rescaling"));
    }

    @Test
    void anAdaptedNormalizationBecomesPerChannelMeanAndStd() throws Exception {
        Normalization n = load("layer_kinds.keras").preprocessing();
        // The file's mean 120, 110, 100 and variance 3600, 2500, 1600 (std 60, 50, 40) on raw pixels.
        for (int c = 0; c < 3; c++) {
            double mean = new double[] {120, 110, 100}[c];
            double std = new double[] {60, 50, 40}[c];
            assertEquals((200 - mean) / std, n.apply(200, c), 1e-9);
            assertEquals(-mean / std, n.apply(0, c), 1e-9);
        }
    }

    @ParameterizedTest
    @CsvSource({"Conv2D,conv2d", "ReLU,re_lu", "DepthwiseConv2D,depthwise_conv2d", "BatchNormalization,batch_normalization",
            "GlobalAveragePooling2D,global_average_pooling2d", "InputLayer,input_layer", "LSTM,lstm", "Functional,functional"})
    void weightKeysAreKerasSnakeCase(String cls, String key) {
        assertEquals(key, KerasArchiveGraph.snakeCase(cls));
    }

    @Test
    void keysCountPerClassInLayerOrderAndTfKeras213CountsWeightedLayersTwice() throws Exception {
        KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(
                layer("Conv2D", "b"), layer("Conv2D", "a"), layer("Flatten", "f1"), layer("Dense", "dense_7"))));
        assertEquals(Map.of("b", "conv2d", "a", "conv2d_1", "f1", "flatten", "dense_7", "dense"), g.autoKeys(List.of(), Set.of()));
        assertEquals("conv2d_2", g.autoKeys(List.of(), Set.of("Conv2D")).get("a"));
    }

    @Test
    void affinePreprocessingIsScaleWhenUniformAndMeanStdPerChannel() throws Exception {
        assertEquals(Normalization.scaleTo(0, 1), KerasArchiveImport.affine("f", new double[] {1 / 255.0}, new double[] {0}));
        Normalization n = KerasArchiveImport.affine("f", new double[] {0.01, 0.02, 0.04}, new double[] {-1, 0, 1});
        assertEquals(Normalization.Kind.MEAN_STD, n.kind());
        for (int c = 0; c < 3; c++) {
            assertEquals(new double[] {0.01, 0.02, 0.04}[c] * 77 + new double[] {-1, 0, 1}[c], n.apply(77, c), 1e-12);
        }
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> KerasArchiveImport.affine("f.keras", new double[] {-1}, new double[] {0}));
        assertTrue(e.getMessage().contains("positive scale"), e.getMessage());
    }

    @Test
    void withoutPreprocessingLayersTheRecordIsNull() throws Exception {
        assertNull(KerasArchiveImport.load(KerasArchiveFixturesTest.FIXTURES.resolve("fashion_mnist_cnn_keras3.keras"),
                KerasOptions.defaults()).preprocessing());
    }

    @Test
    void keras3InboundNodesAndKeras2ListsNameTheSameTensors() throws Exception {
        JsonNode k3 = Json.MAPPER.readTree("{\"args\": [[" + tensor("a", 1) + ", " + tensor("b", 0) + "]], \"kwargs\": {\"mask\": null}}");
        JsonNode k2 = Json.MAPPER.readTree("[[\"a\", 0, 1, {}], [\"b\", 0, 0, {}]]");
        for (JsonNode n : List.of(k3, k2)) {
            List<String[]> t = KerasArchiveGraph.tensors(n);
            assertEquals(List.of("a", "b"), t.stream().map(r -> r[0]).toList());
            assertEquals(List.of("1", "0"), t.stream().map(r -> r[2]).toList());
        }
    }

    @Test
    void serialisedObjectsBecomeKeras2Forms() throws Exception {
        JsonNode c = KerasArchiveGraph.convert(Json.MAPPER.readTree("{\"dtype\": {\"module\": \"keras\", \"class_name\":"
                + " \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null}, \"kernel_initializer\":"
                + " {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null},"
                + " \"registered_name\": null}, \"scale\": {\"class_name\": \"__numpy__\", \"config\": {\"value\": [1, 2]}}}"));
        assertEquals("float32", c.get("dtype").asText());
        assertEquals(Json.MAPPER.readTree("{\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}}"),
                c.get("kernel_initializer"));
        assertEquals(Json.MAPPER.readTree("[1, 2]"), c.get("scale"));
    }

    @Test
    void tensorFlowFunctionActivationsBecomeKerasNames() throws Exception {
        JsonNode c = KerasArchiveGraph.convert(Json.MAPPER.readTree("{\"activation\": {\"module\": \"builtins\","
                + " \"class_name\": \"function\", \"config\": \"softmax_v2\", \"registered_name\": \"function\"}}"));
        assertEquals("softmax", c.get("activation").asText());
    }

    @Test
    void aReshapeToSeveralDimensionsCannotEndTheGraph() {
        String m = refused(sequential(layer("Dense", "d"), "{\"class_name\": \"Reshape\", \"config\": {\"name\": \"r\","
                + " \"target_shape\": [2, 2]}, \"build_config\": {\"input_shape\": [null, 4]}}"));
        assertTrue(m.contains("output is layer 'r', a Reshape to [2,2]"), m);
    }

    @Test
    void aReshapeWithMinusOneNeedsAKnownInputShape() throws Exception {
        String m = refused(sequential("{\"class_name\": \"Reshape\", \"config\": {\"name\": \"r\", \"target_shape\":"
                + " [2, -1]}, \"build_config\": {\"input_shape\": [null, null]}}", layer("Dense", "d")));
        assertTrue(m.contains("Reshape 'r' has -1") && m.contains("not fully known"), m);
        KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential("{\"class_name\": \"Reshape\","
                + " \"config\": {\"name\": \"r\", \"target_shape\": [2, -1, 3]}, \"build_config\": {\"input_shape\":"
                + " [null, 4, 6]}}", layer("Dense", "d"))));
        assertEquals("[2,4,3]", g.nodes().get(1).config().get("target_shape").toString());
    }

    @Test
    void aGitLfsPointerIsNamedAsSuch() throws IOException {
        Path f = tmp.resolve("model.keras");
        Files.writeString(f, "version https://git-lfs.example/spec/v1\noid sha256:" + "0".repeat(64) + "\nsize 1234\n");
        String m = assertThrows(KerasImportException.class, () -> KerasArchive.open(f)).getMessage();
        assertTrue(m.contains("Git LFS pointer") && m.contains(f.toString()), m);
    }

    @Test
    void anHdf5FileIsNotAnArchive() throws Exception {
        Path h5 = KerasImportTest.fixture("mlp_dropout.h5");
        assertFalse(KerasArchive.isArchive(h5));
        String m = assertThrows(KerasImportException.class, () -> KerasArchive.open(h5)).getMessage();
        assertTrue(m.contains("not a .keras archive") && m.contains("KerasImport"), m);
    }

    @Test
    void aZipWithoutTheModelPartsIsRefusedByName() throws IOException {
        Path noConfig = zip("a.keras", Map.of("metadata.json", "{}"));
        assertTrue(assertThrows(KerasImportException.class, () -> KerasArchive.open(noConfig)).getMessage()
                .contains("has no config.json"));
        Path noWeights = zip("b.keras", Map.of("config.json", sequential(layer("Dense", "d"))));
        assertTrue(assertThrows(KerasImportException.class, () -> KerasArchive.open(noWeights)).getMessage()
                .contains("has no model.weights.h5"));
        Path badJson = zip("c.keras", Map.of("config.json", "{not json", "model.weights.h5", ""));
        assertTrue(assertThrows(KerasImportException.class, () -> KerasArchive.open(badJson)).getMessage()
                .contains("config.json is not valid JSON"));
    }

    @Test
    void unsupportedLayersAreNamedWithTheirClass() {
        String bi = refused(sequential(layer("Embedding", "emb"), layer("Bidirectional", "bi")));
        assertTrue(bi.contains("'bi' is a Bidirectional"), bi);
        String other = refused(sequential(layer("Dense", "d"), layer("MultiHeadAttention", "attention")));
        assertTrue(other.contains("'attention' is a MultiHeadAttention") && other.contains("supported:"), other);
        String subclassed = refused("{\"class_name\": \"MyModel\", \"config\": {}}");
        assertTrue(subclassed.contains("MyModel") && subclassed.contains("subclassed"), subclassed);
    }

    @Test
    void preprocessingAfterTheInputAndSharedLayersAreRefused() {
        String late = refused(sequential(layer("Dense", "d"), layer("Rescaling", "late_scale")));
        assertTrue(late.contains("'late_scale' (Rescaling) is not at the model's input"), late);
        String shared = refused("{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 4]},"
                + " \"inbound_nodes\": []},"
                + "{\"class_name\": \"Dense\", \"name\": \"twice\", \"config\": {\"name\": \"twice\", \"units\": 4},"
                + " \"inbound_nodes\": [{\"args\": [" + tensor("in", 0) + "]}, {\"args\": [" + tensor("in", 0) + "]}]}],"
                + " \"input_layers\": [\"in\", 0, 0], \"output_layers\": [\"twice\", 0, 0]}}");
        assertTrue(shared.contains("'twice' (Dense) is called 2 times"), shared);
    }

    @Test
    void aSequentialWithoutAnInputShapeIsRefused() {
        String m = refused("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + layer("Dense", "d") + "]}}");
        assertTrue(m.contains("Sequential model 's' declares no input shape"), m);
    }

    @Test
    void duplicateNamesAcrossNestingAreRefused() {
        String inner = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"layers\": [" + layer("Dense", "d")
                + "]}}";
        String m = refused(sequential(layer("Dense", "d"), inner));
        assertTrue(m.contains("two layers are named 'd'") && m.contains("'inner'"), m);
    }

    @Test
    void aSequentialTakesItsInputShapeFromBuildConfigAndFeedsNestedModels() throws Exception {
        String inner = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"trainable\": false, \"layers\": ["
                + layer("Dense", "d2") + "]}}";
        KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree("{\"class_name\": \"Sequential\", \"config\":"
                + " {\"name\": \"outer\", \"layers\": [" + layer("Dense", "d1") + ", " + layer("RandomFlip", "flip") + ", "
                + inner + "]}, \"build_config\": {\"input_shape\": [null, 5]}}"));
        assertEquals(List.of("outer_input"), g.inputs());
        assertEquals(List.of("d2"), g.outputs());
        assertEquals(List.of("outer_input", "d1", "d2"), g.nodes().stream().map(KerasArchiveGraph.Node::name).toList());
        assertEquals(List.of("d1"), g.nodes().get(2).inputs()); // the augmentation layer is the identity at inference
        assertFalse(g.nodes().get(2).trainable());
        assertEquals(List.of(5), g.inputShape());
    }

    private String refused(String config) {
        return assertThrows(KerasImportException.class, () -> KerasArchiveGraph.of("f.keras", Json.MAPPER.readTree(config)))
                .getMessage();
    }

    static String tensor(String layer, int index) {
        return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4], \"dtype\": \"float32\","
                + " \"keras_history\": [\"" + layer + "\", 0, " + index + "]}}";
    }

    static String layer(String cls, String name) {
        return "{\"module\": \"keras.layers\", \"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + name
                + "\", \"units\": 4}, \"registered_name\": null}";
    }

    /** A Keras 3 Sequential with an InputLayer of shape (4,) and the given layers. */
    static String sequential(String... layers) {
        return "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 4]}}, "
                + String.join(", ", layers) + "]}}";
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path f = tmp.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return f;
    }
}
