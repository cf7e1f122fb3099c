package org.transfer4j.zoo.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.zoo.Anatomy;
import org.transfer4j.zoo.LoadedModel;
import org.transfer4j.zoo.PretrainedModels;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.source.LocalFileSource;

/**
 * The real pretrained networks of nsfwjs@4.4.0 (Keras' MobileNetV2 and InceptionV3 with ImageNet
 * backbones), fetched through the catalogue with the npm client, read from the package's JavaScript
 * modules and run in DL4J: their outputs on three real images equal TensorFlow.js's
 * ({@code src/test/node/tfjs-reference.js}, outputs checked in) within 1e-4, and the parts found from the
 * graph are the catalogue's.
 */
public class NsfwjsReferenceIT {
    static final Path FASHION = Path.of(System.getenv().getOrDefault("TRANSFER4J_FASHION_MNIST_DIR",
            "/usr/share/datasets/fashion-mnist"));

    /** Fashion-MNIST test images 0..n-1, nearest-neighbour upsampled, grey in R, G and B, /255, NHWC (as the node script). */
    public static INDArray images(int n, int size) throws IOException {
        Path gz = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        assertTrue(Files.isRegularFile(gz), gz + " is missing: install Debian's dataset-fashion-mnist (.ci/run does)");
        byte[] raw;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            raw = in.readNBytes(16 + n * 784);
        }
        float[] v = new float[n * size * size * 3];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float p = (raw[16 + i * 784 + (y * 28 / size) * 28 + x * 28 / size] & 0xFF) / 255f;
                    v[k++] = p;
                    v[k++] = p;
                    v[k++] = p;
                }
            }
        }
        return Nd4j.create(v, new long[] {n, size, size, 3}, 'c');
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"nsfwjs.mobilenetv2, mobilenet_v2", "nsfwjs.inceptionv3, inception_v3"})
    void outputsEqualTensorFlowJs(String id, String name) throws Exception {
        JsonNode ref = Json.MAPPER.readTree(Path.of("src/test/resources/tfjs/nsfwjs-reference.json").toFile())
                .get("models").get(name);
        Catalogue catalogue = Catalogue.builtIn();
        ModelEntry entry = catalogue.model(id);
        LoadedModel m = new PretrainedModels(catalogue, new LocalFileSource(Path.of("unused"))).load(id);
        ComputationGraph g = (ComputationGraph) m.network();
        // Its topology carries a training configuration that DL4J does not apply: the softmax dense is made an
        // output layer (same weights) so that the imported network can be trained as it is.
        org.junit.jupiter.api.Assertions.assertTrue(g.getOutputLayer(0) instanceof org.deeplearning4j.nn.api.layers.IOutputLayer,
                String.valueOf(g.getOutputLayer(0)));
        INDArray x = images(3, ref.get("size").asInt());
        INDArray out = g.outputSingle(false, x).castTo(DataType.DOUBLE);
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 5; c++) {
                worst = Math.max(worst, Math.abs(out.getDouble(i, c) - ref.get("output").get(i).get(c).asDouble()));
            }
        }
        assertTrue(worst < 1e-4, id + ": max |dl4j - tfjs| = " + worst);
        Anatomy a = Anatomy.discover(g);
        assertEquals(entry.featureVertex(), a.feature());
        assertEquals(entry.classifierVertex(), a.classifier());
        assertEquals(entry.blocks(), a.blocks());
    }
}
