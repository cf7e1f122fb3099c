package org.transfer4j.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.keras.KerasImportTest;
import org.transfer4j.zoo.keras.KerasOptions;

/**
 * TF.js layers models written by {@code src/test/python/make_tfjs_fixtures.py}: float32 and the
 * converter's three quantizations, a Sequential CNN with BatchNorm, and the nsfwjs-style packaging (JS
 * modules, base64 shards, a weight straddling two shards). Expected outputs come from the script's
 * numpy forward pass on the weights as quantized.
 */
class TfjsImportTest {
    static Path fixture(String name) {
        return Path.of("src", "test", "resources", "tfjs", name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet_float32, ComputationGraph", "resnet_uint8, ComputationGraph", "resnet_uint16, ComputationGraph",
            "resnet_float16, ComputationGraph", "cnn_batchnorm_uint8, MultiLayerNetwork",
            "resnet_uint8_packaged, ComputationGraph", "cnn_noscale_frozen, MultiLayerNetwork"})
    void outputsMatchTheNumpyReference(String name, String type) throws IOException {
        JsonNode expected = Json.MAPPER.readTree(fixture(name + ".expected.json").toFile());
        long[] inShape = Json.MAPPER.convertValue(expected.get("inputShape"), long[].class);
        INDArray x = KerasImportTest.array(expected.get("input"), inShape).castTo(DataType.FLOAT);
        Model m = TfjsImport.load(fixture(name), KerasOptions.defaults());
        assertEquals(type, m.getClass().getSimpleName());
        INDArray out = KerasImportTest.output(m, x).castTo(DataType.DOUBLE);
        INDArray want = KerasImportTest.array(expected.get("output"), out.shape());
        double maxDiff = out.sub(want).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, name + ": max |dl4j - numpy| = " + maxDiff);
    }

    @Test
    void quantizedWeightsDecodeByTheAffineFormula() throws IOException {
        TfjsModel m = TfjsModel.read(fixture("resnet_uint8"));
        TfjsModel.WeightSpec kernel = m.weights().get(0);
        assertEquals("conv2d_1/kernel", kernel.name());
        assertEquals("uint8", kernel.quantization().dtype());
        Map<String, Map<String, INDArray>> w = TfjsImport.weights(m);
        int q = m.data().get(0) & 0xFF;
        assertEquals(kernel.quantization().min() + q * kernel.quantization().scale(),
                w.get("conv2d_1").get("kernel").getDouble(0, 0, 0, 0), 1e-6);
        assertEquals(java.util.List.of(3L, 3L, 4L, 4L), java.util.Arrays.stream(w.get("conv2d_1").get("kernel").shape()).boxed().toList());
    }

    @Test
    void halfPrecisionDecodes() {
        assertEquals(1.0f, TfjsImport.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, TfjsImport.halfToFloat((short) 0xC000));
        assertEquals(65504f, TfjsImport.halfToFloat((short) 0x7BFF));
        assertEquals((float) Math.pow(2, -24), TfjsImport.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, TfjsImport.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(TfjsImport.halfToFloat((short) 0x7E00)));
    }

    @Test
    void aMissingShardIsNamed(@TempDir Path dir) throws IOException {
        Files.copy(fixture("resnet_float32").resolve("model.json"), dir.resolve("model.json"));
        IOException e = assertThrows(IOException.class, () -> TfjsModel.read(dir));
        assertTrue(e.getMessage().contains("group1-shard1of1.bin") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aTruncatedShardIsRefused(@TempDir Path dir) throws IOException {
        Files.copy(fixture("resnet_float32").resolve("model.json"), dir.resolve("model.json"));
        byte[] bin = Files.readAllBytes(fixture("resnet_float32").resolve("group1-shard1of1.bin"));
        Files.write(dir.resolve("group1-shard1of1.bin"), java.util.Arrays.copyOf(bin, bin.length - 4));
        IOException e = assertThrows(IOException.class, () -> TfjsModel.read(dir));
        assertTrue(e.getMessage().contains((bin.length - 4) + "") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aGraphModelIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"format\":\"graph-model\",\"modelTopology\":{\"node\":[]},"
                + "\"weightsManifest\":[]}");
        IOException e = assertThrows(IOException.class, () -> TfjsModel.read(dir));
        assertTrue(e.getMessage().contains("model_config"), e.getMessage());
        Files.writeString(dir.resolve("model.json"), "{\"format\":\"graph-model\",\"weightsManifest\":[]}");
        e = assertThrows(IOException.class, () -> TfjsModel.read(dir));
        assertTrue(e.getMessage().contains("graph-model") && e.getMessage().contains("layers models"), e.getMessage());
    }

    @Test
    void anEmptyDirectorySaysWhatItWants(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> TfjsModel.read(dir));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains(dir.toAbsolutePath().toString()),
                e.getMessage());
    }
}
