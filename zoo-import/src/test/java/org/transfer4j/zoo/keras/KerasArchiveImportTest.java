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
        assertEquals(key, KerasLayerConfigs.snakeCase(cls));
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
            List<String[]> t = KerasLayerConfigs.tensors(n);
            assertEquals(List.of("a", "b"), t.stream().map(r -> r[0]).toList());
            assertEquals(List.of("1", "0"), t.stream().map(r -> r[2]).toList());
        }
    }

    @Test
    void serialisedObjectsBecomeKeras2Forms() throws Exception {
        JsonNode c = KerasLayerConfigs.convert(Json.MAPPER.readTree("{\"dtype\": {\"module\": \"keras\", \"class_name\":"
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
        JsonNode c = KerasLayerConfigs.convert(Json.MAPPER.readTree("{\"activation\": {\"module\": \"builtins\","
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

    @Test
    void archivesAreToldFromHdf5AndFromOtherZipsByContent() throws Exception {
        assertFalse(KerasArchive.isKerasArchive(KerasImportTest.fixture("mlp_dropout.h5")));
        Path renamedH5 = tmp.resolve("legacy.keras");
        Files.copy(KerasImportTest.fixture("mlp_dropout.h5"), renamedH5);
        assertFalse(KerasArchive.isKerasArchive(renamedH5), "an HDF5 file named .keras goes to the HDF5 importer");
        assertTrue(KerasArchive.isKerasArchive(KerasArchiveFixturesTest.FIXTURES.resolve("fashion_mnist_cnn_keras3.keras")));
        assertTrue(KerasArchive.isKerasArchive(zip("model.zip", Map.of("config.json", "{}"))), "by content, not name");
        assertTrue(KerasArchive.isKerasArchive(zip("weights.zip", Map.of("model.weights.h5", ""))));
        assertFalse(KerasArchive.isKerasArchive(zip("dl4j.zip", Map.of("configuration.json", "{}"))), "a DL4J model zip");
        assertTrue(KerasArchive.isKerasArchive(zip("other.keras", Map.of("readme.txt", ""))), "named .keras: its own errors");
        assertTrue(KerasArchive.isKerasArchive(tmp.resolve("missing.keras")));
        assertFalse(KerasArchive.isKerasArchive(tmp.resolve("missing.h5")));
        Path pointer = tmp.resolve("pointer.keras");
        Files.writeString(pointer, "version x\noid sha256:00\n");
        assertTrue(KerasArchive.isKerasArchive(pointer));
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "plain text, long enough to read eight bytes");
        assertFalse(KerasArchive.isKerasArchive(text));
        Path damaged = tmp.resolve("damaged.keras");
        Files.write(damaged, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 1, 2, 3});
        assertTrue(KerasArchive.isKerasArchive(damaged));
        Path damagedZip = tmp.resolve("damaged.zip");
        Files.copy(damaged, damagedZip);
        assertFalse(KerasArchive.isKerasArchive(damagedZip), "a damaged zip not named .keras is not taken for one");
        String m = assertThrows(KerasImportException.class, () -> KerasArchive.open(damaged)).getMessage();
        assertTrue(m.contains("damaged zip") || m.contains("cannot read") || m.contains("has no config.json"), m);
    }

    @Test
    void withoutMetadataTheVersionIsUnknown() throws Exception {
        Path f = tmp.resolve("m.keras");
        try (var in = new java.util.zip.ZipFile(KerasArchiveFixturesTest.FIXTURES.resolve("fashion_mnist_cnn_keras3.keras").toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(f))) {
            for (String e : List.of("config.json", "model.weights.h5")) {
                out.putNextEntry(new ZipEntry(e));
                out.write(in.getInputStream(in.getEntry(e)).readAllBytes());
                out.closeEntry();
            }
        }
        try (KerasArchive a = KerasArchive.open(f)) {
            assertEquals("unknown", a.kerasVersion());
            assertNull(a.dateSaved());
            assertTrue(Files.isRegularFile(a.weights()));
        }
        KerasArchiveImport.Imported m = KerasArchiveImport.load(f, KerasOptions.defaults());
        assertEquals("unknown", m.kerasVersion());
    }

    @Test
    void emptyAndShortModelsAreRefused() {
        String empty = refused("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": []}}");
        assertTrue(empty.contains("Sequential model 's' has no layers"), empty);
        String output = refused("{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 4]},"
                + " \"inbound_nodes\": []},"
                + "{\"class_name\": \"Dense\", \"name\": \"d\", \"config\": {\"name\": \"d\", \"units\": 4},"
                + " \"inbound_nodes\": [{\"args\": [" + tensor("in", 1) + "]}]}],"
                + " \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"d\", 0, 0]]}}");
        assertTrue(output.contains("reads output 1 of 'in', which has 1"), output);
    }

    @Test
    void aModelWithoutOutputsAndANestedInputNotDeclaredAreRefused() {
        String noOutputs = refused("{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 4]},"
                + " \"inbound_nodes\": []}], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": []}}");
        assertTrue(noOutputs.contains("model 'm' declares no output_layers"), noOutputs);
        String inner = "{\"class_name\": \"Functional\", \"name\": \"inner\", \"config\": {\"name\": \"inner\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"stray\", \"config\": {\"name\": \"stray\", \"batch_shape\": [null, 4]},"
                + " \"inbound_nodes\": []}], \"input_layers\": [[\"declared\", 0, 0]], \"output_layers\": [[\"stray\", 0, 0]]},"
                + " \"inbound_nodes\": [{\"args\": [" + tensor("in", 0) + "]}]}";
        String stray = refused("{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 4]},"
                + " \"inbound_nodes\": []}, " + inner + "], \"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"inner\", 0, 0]]}}");
        assertTrue(stray.contains("InputLayer 'stray' of nested model 'inner' is not among its input_layers"), stray);
    }

    @Test
    void aKeras2SequentialTakesItsInputShapeFromItsFirstLayer() throws Exception {
        KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree("{\"class_name\": \"Sequential\", \"config\":"
                + " {\"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2,"
                + " \"batch_input_shape\": [null, 3]}}]}}"));
        assertEquals(List.of("model_input"), g.inputs(), "an unnamed top model is 'model'");
        assertEquals(List.of(3), g.inputShape());
    }

    @Test
    void aNestedSequentialSkipsItsOwnInputLayerAndANestedFunctionalMapsInputsByName() throws Exception {
        String nestedSeq = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"inner\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"inner_in\", \"batch_shape\": [null, 4]}}, "
                + layer("Dense", "d2") + "]}}";
        KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(layer("Dense", "d1"), nestedSeq)));
        assertEquals(List.of("in", "d1", "d2"), g.nodes().stream().map(KerasArchiveGraph.Node::name).toList());
        assertEquals(List.of("d1"), g.nodes().get(2).inputs());
        assertEquals(List.of(new KerasArchiveGraph.Nested("inner", "Sequential", 1, true)), g.nested());

        // input_layers in another order than the layers: b is the first input, a the second
        String inner = "{\"class_name\": \"Functional\", \"name\": \"pair\", \"config\": {\"name\": \"pair\","
                + " \"trainable\": false, \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"batch_shape\": [null, 4]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"InputLayer\", \"name\": \"b\", \"config\": {\"name\": \"b\", \"batch_shape\": [null, 4]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Concatenate\", \"name\": \"ab\", \"config\": {\"name\": \"ab\"}, \"inbound_nodes\":"
                + " [{\"args\": [[" + tensor("a", 0) + ", " + tensor("b", 0) + "]]}]}],"
                + " \"input_layers\": [[\"b\", 0, 0], [\"a\", 0, 0]], \"output_layers\": [[\"ab\", 0, 0]]},"
                + " \"inbound_nodes\": [{\"args\": [[" + tensor("x", 0) + ", " + tensor("y", 0) + "]]}]}";
        String outer = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"x\", \"config\": {\"name\": \"x\", \"batch_shape\": [null, 4]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"InputLayer\", \"name\": \"y\", \"config\": {\"name\": \"y\", \"batch_shape\": [null, 4]}, \"inbound_nodes\": []},"
                + inner + "], \"input_layers\": [[\"x\", 0, 0], [\"y\", 0, 0]], \"output_layers\": [[\"pair\", 1, 0]]}}";
        KerasArchiveGraph f = KerasArchiveGraph.of("f", Json.MAPPER.readTree(outer));
        KerasArchiveGraph.Node ab = f.nodes().get(2);
        assertEquals(List.of("y", "x"), ab.inputs(), "a is fed the second outer tensor (y), b the first (x)");
        assertFalse(ab.trainable(), "inside a frozen model");
        assertEquals(List.of(new KerasArchiveGraph.Nested("pair", "Functional", 1, false)), f.nested());
        assertEquals(List.of("ab"), f.outputs());
    }

    @Test
    void initialisersBecomeZerosAndEmbeddingsGetTheirLength() throws Exception {
        String emb = "{\"class_name\": \"Embedding\", \"config\": {\"name\": \"e\", \"input_dim\": 9, \"output_dim\": 2,"
                + " \"embeddings_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"RandomUniform\","
                + " \"config\": {}, \"registered_name\": null}, \"activity_regularizer\": null}}";
        KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(emb,
                "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"l\", \"units\": 3, \"recurrent_initializer\":"
                        + " {\"class_name\": \"Orthogonal\", \"config\": {\"gain\": 1.0}}, \"kernel_initializer\": \"glorot_uniform\"}}")));
        JsonNode e = g.nodes().get(1).config();
        assertEquals(4, e.get("input_length").asInt(), "from the input's shape [null, 4]");
        assertEquals("Zeros", e.get("embeddings_initializer").get("class_name").asText());
        assertTrue(e.get("activity_regularizer").isNull());
        JsonNode l = g.nodes().get(2).config();
        assertEquals("Zeros", l.get("recurrent_initializer").get("class_name").asText());
        assertEquals("glorot_uniform", l.get("kernel_initializer").asText(), "a name is left as it is");
        assertTrue(l.path("input_length").isMissingNode());
        KerasArchiveGraph after = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(layer("Dense", "d"), emb)));
        assertTrue(after.nodes().get(2).config().get("input_length").isNull(), "not at the input: unknown");
    }

    @Test
    void aLeadingMinusOneIsResolvedAndATargetWithoutOneIsKept() throws Exception {
        KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(
                "{\"class_name\": \"Reshape\", \"config\": {\"name\": \"r\", \"target_shape\": [-1, 2]},"
                        + " \"build_config\": {\"input_shape\": [null, 4]}}",
                "{\"class_name\": \"Reshape\", \"config\": {\"name\": \"r2\", \"target_shape\": [4, 1]},"
                        + " \"build_config\": {\"input_shape\": [null, 2, 2]}}", layer("Dense", "d"))));
        assertEquals("[2,2]", g.nodes().get(1).config().get("target_shape").toString());
        assertEquals("[4,1]", g.nodes().get(2).config().get("target_shape").toString());
    }

    @Test
    void modulesAndRegisteredNamesLeaveSerialisedObjectsOnly() throws Exception {
        JsonNode c = KerasLayerConfigs.convert(Json.MAPPER.readTree("{\"a\": {\"class_name\": \"X\", \"config\": {},"
                + " \"registered_name\": null}, \"b\": {\"class_name\": \"Y\", \"config\": {}, \"module\": \"m\"},"
                + " \"c\": {\"class_name\": \"Z\", \"module\": \"kept\"}, \"d\": {\"class_name\": \"W\", \"config\": {}}}"));
        assertEquals(Json.MAPPER.readTree("{\"class_name\": \"X\", \"config\": {}}"), c.get("a"));
        assertEquals(Json.MAPPER.readTree("{\"class_name\": \"Y\", \"config\": {}}"), c.get("b"));
        assertEquals(Json.MAPPER.readTree("{\"class_name\": \"Z\", \"module\": \"kept\"}"), c.get("c"), "not serialised");
        assertEquals(Json.MAPPER.readTree("{\"class_name\": \"W\", \"config\": {}}"), c.get("d"));
    }

    @Test
    void chainedPreprocessingComposes() throws Exception {
        // x / 255 then 2 x - 1: pixels to [-1, 1]
        KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(
                "{\"class_name\": \"Rescaling\", \"config\": {\"name\": \"r1\", \"scale\": 0.00392156862745098, \"offset\": 0.0}}",
                "{\"class_name\": \"Rescaling\", \"config\": {\"name\": \"r2\", \"scale\": 2.0, \"offset\": -1.0}}",
                layer("Dense", "d"))));
        Normalization n = KerasArchiveImport.preprocessing("f", g, Map.of());
        assertEquals(-1, n.apply(0, 0), 1e-12);
        assertEquals(1, n.apply(255, 0), 1e-12);
        assertEquals(0.2549019607843137 * 2 - 1, n.apply(65, 0), 1e-12);
        // Normalization with its mean and variance in the config, per channel, axis written as a list
        KerasArchiveGraph h = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(
                "{\"class_name\": \"Normalization\", \"config\": {\"name\": \"n\", \"axis\": [-1], \"mean\": [1, 2, 3],"
                        + " \"variance\": [4, 16, 64]}}", layer("Dense", "d"))));
        Normalization m = KerasArchiveImport.preprocessing("f", h, Map.of());
        assertEquals((10 - 1) / 2.0, m.apply(10, 0), 1e-12);
        assertEquals((10 - 2) / 4.0, m.apply(10, 1), 1e-12);
        assertEquals((10 - 3) / 8.0, m.apply(10, 2), 1e-12);
        // Rescaling after Normalization: (x - 1) / 2 * 3
        KerasArchiveGraph k = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(
                "{\"class_name\": \"Normalization\", \"config\": {\"name\": \"n\", \"mean\": 1, \"variance\": 4}}",
                "{\"class_name\": \"Rescaling\", \"config\": {\"name\": \"r\", \"scale\": 3}}", layer("Dense", "d"))));
        assertEquals((7 - 1) / 2.0 * 3, KerasArchiveImport.preprocessing("f", k, Map.of()).apply(7, 0), 1e-12);
    }

    @Test
    void normalizationAlongAnotherAxisOrInvertedIsRefused() throws Exception {
        for (String bad : List.of("\"axis\": 1", "\"axis\": [1, 2]", "\"invert\": true")) {
            KerasArchiveGraph g = KerasArchiveGraph.of("f", Json.MAPPER.readTree(sequential(
                    "{\"class_name\": \"Normalization\", \"config\": {\"name\": \"n\", \"mean\": 1, \"variance\": 4, " + bad
                            + "}}", layer("Dense", "d"))));
            String m = assertThrows(KerasImportException.class, () -> KerasArchiveImport.preprocessing("f", g, Map.of()))
                    .getMessage();
            assertTrue(m.contains("Normalization 'n'"), m);
        }
    }

    @Test
    void aZeroScaleAndOffsetsThatDifferPerChannelAreNotScale() throws Exception {
        assertThrows(KerasImportException.class, () -> KerasArchiveImport.affine("f", new double[] {0}, new double[] {0}));
        Normalization n = KerasArchiveImport.affine("f", new double[] {0.5}, new double[] {0, 1, 2});
        assertEquals(Normalization.Kind.MEAN_STD, n.kind());
        assertEquals(0.5 * 4 + 2, n.apply(4, 2), 1e-12);
        Normalization s = KerasArchiveImport.affine("f", new double[] {0.5, 0.25}, new double[] {0});
        assertEquals(Normalization.Kind.MEAN_STD, s.kind());
        assertEquals(0.25 * 4, s.apply(4, 1), 1e-12);
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
