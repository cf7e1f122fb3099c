package org.transfer4j.zoo.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.catalogue.Catalogue;

class InspectTest {
    @Test
    void resnet50ArchitectureTableWithoutWeights() throws Exception {
        ModelSummary s = Inspector.inspect("resnet50.imagenet");
        assertEquals(Catalogue.builtIn().architecture("ResNet50").parameters().longValue(), s.totalParameters());
        assertEquals(s.totalParameters(), s.trainableParameters());
        ModelSummary.Row avgpool = s.rows().stream().filter(r -> r.name().equals("avgpool")).findFirst().orElseThrow();
        assertEquals("[2048, 1, 1]", avgpool.outputShape());
        ModelSummary.Row out = s.rows().get(s.rows().size() - 1);
        assertEquals("output", out.name());
        assertEquals("[1000]", out.outputShape());
        assertEquals(2048L * 1000 + 1000, out.parameters());
        String table = s.table();
        assertTrue(table.contains("res5c_branch") && table.contains("25,636,712 total"), table);
        JsonNode json = Json.MAPPER.readTree(Json.write(s));
        assertEquals(s.rows().size(), json.get("rows").size());
    }

    @Test
    void studyLeNetShowsShapesAndBlocks() throws Exception {
        ModelSummary s = Inspector.inspect("study.lenet.fashion-mnist-0-4");
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "dense", "output"),
                s.rows().stream().map(ModelSummary.Row::name).toList());
        assertEquals("[20, 24, 24]", s.rows().get(0).outputShape());
        assertEquals("[500]", s.rows().get(4).outputShape());
        assertEquals(List.of("pool1", "pool2", "dense"), s.blocks());
        assertEquals(428_575, s.totalParameters());
    }

    /** The project's own exports are MultiLayerNetworks as often as graphs: inspect guesses the type. */
    @Test
    void aMultiLayerNetworkZipIsInspected(@TempDir Path dir) throws Exception {
        var arch = Catalogue.builtIn().architecture("StudyLeNet");
        Path zip = dir.resolve("lenet.zip");
        ModelSerializer.writeModel(Architectures.build(arch, 3, 1), zip.toFile(), false);
        ModelSummary s = Inspector.inspect(zip.toString());
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "dense", "output"),
                s.rows().stream().map(ModelSummary.Row::name).toList());
        // 428,575 parameters with 5 classes (the catalogue's count) less the 2 x (500 + 1) of two fewer outputs.
        assertEquals(arch.parameters() - 2 * 501, s.totalParameters());
    }

    @Test
    void aFileThatIsNoModelIsNamed(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("notes.zip"), "not a zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inspector.inspect(junk.toString()));
        assertTrue(e.getMessage().contains("notes.zip") && e.getMessage().contains("DL4J model zip"), e.getMessage());
    }

    /**
     * A TF.js model whose file freezes its first convolution and saves its BatchNorm without scale: inspect
     * lists the file's frozen layer, counts the BatchNorm as the file has it (DL4J adds a gamma of ones,
     * which is not counted), and shows the parts found from the network.
     */
    @Test
    void aTfjsModelShowsItsFrozenLayersPartsAndTrueParameterCount() throws Exception {
        ModelSummary s = Inspector.inspect("src/test/resources/tfjs/cnn_noscale_frozen");
        assertEquals(List.of("conv2d_1"), s.frozenInFile());
        // Keras counts: conv 3*3*3*4 + 4, BatchNorm beta/mean/variance 3*4, dense 36*3 + 3.
        assertEquals(3 * 3 * 3 * 4 + 4 + 3 * 4 + 36 * 3 + 3, s.totalParameters());
        assertEquals("dense_1", s.classifier());
        String table = s.table();
        assertTrue(table.contains("frozen in the file (trainable: false), 1 layers: conv2d_1"), table);
        assertTrue(table.contains("scale=False"), table);
        assertTrue(Json.write(s).contains("\"frozenInFile\""), "JSON carries the frozen layers");
    }

    @Test
    void aKerasFileShowsTheDiscoveredParts() throws Exception {
        ModelSummary s = Inspector.inspect("src/test/resources/keras/resnet_functional.h5");
        assertEquals("global_average_pooling2d_1", s.feature());
        assertEquals("dense_1", s.classifier());
        assertEquals(List.of("activation_1"), s.blocks());
        assertTrue(s.table().contains("feature vertex: global_average_pooling2d_1, classifier: dense_1"), s.table());
    }

    @Test
    void aKeras3FileShowsItsVersionNestedBackboneFrozenLayersAndPreprocessing() throws Exception {
        java.nio.file.Path f = org.transfer4j.zoo.keras.KerasArchiveFixturesTest.generated().resolve("mobilenetv2_nested.keras");
        ModelSummary s = Inspector.inspect(f.toString());
        String t = s.table();
        assertTrue(t.contains("block_16_project") && t.contains("predictions"), t);
        assertEquals(153, s.frozenInFile().size());
        assertEquals("out_relu", s.blocks().get(s.blocks().size() - 1));
        assertTrue(t.contains("note: saved by Keras 3.10.0 on 2026-12-06@12:00:00"), t);
        assertTrue(t.contains("nested model 'mobilenetv2_0.35_96' (Functional, 153 layers, frozen in the file)"), t);
        assertTrue(t.contains("preprocessing record (pixels to [-1, 1])"), t);
        assertTrue(t.contains("414,051 total"), t);
        ModelSummary k = Inspector.inspect(f.getParent().resolve("layer_kinds.keras").toString());
        assertTrue(k.table().contains("(pixels / 255 - mean) / std per channel, mean [0.4706, 0.4314, 0.3922], std [0.2353,"
                + " 0.1961, 0.1569]"), k.table());
    }

    @Test
    void aMissingKerasFileIsNamed() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.FileNotFoundException.class,
                () -> Inspector.inspect("absent.keras"));
        assertTrue(e.getMessage().contains("absent.keras") && e.getMessage().contains(".keras or .h5"), e.getMessage());
    }
}
