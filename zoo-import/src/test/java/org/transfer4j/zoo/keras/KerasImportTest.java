package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;

/**
 * Keras import checked numerically against fixtures written by src/test/python/make_keras_fixtures.py
 * (h5py, Keras-2 layout) whose expected outputs come from an independent numpy forward pass.
 */
public class KerasImportTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Paths.get(KerasImportTest.class.getResource("/keras/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static INDArray array(JsonNode values, long[] shape) {
        List<Double> flat = new ArrayList<>();
        walk(values, flat);
        return Nd4j.create(flat.stream().mapToDouble(Double::doubleValue).toArray(), shape, 'c');
    }

    private static void walk(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> walk(c, out));
        } else {
            out.add(n.asDouble());
        }
    }

    public static INDArray output(Model m, INDArray x) {
        return m instanceof MultiLayerNetwork n ? n.output(x) : ((ComputationGraph) m).outputSingle(x);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "mlp_dropout, MultiLayerNetwork",
            "cnn_batchnorm, MultiLayerNetwork",
            "resnet_functional, ComputationGraph",
            "vgg_flatten, MultiLayerNetwork",
            "mlp_dropout_tf2, MultiLayerNetwork",
            "resnet_functional_tf2, ComputationGraph"})
    void outputsMatchTheNumpyReference(String name, String type) throws IOException {
        JsonNode expected = Json.MAPPER.readTree(fixture(name + ".expected.json").toFile());
        long[] inShape = Json.MAPPER.convertValue(expected.get("inputShape"), long[].class);
        INDArray x = array(expected.get("input"), inShape).castTo(DataType.FLOAT);
        Model m = KerasImport.load(fixture(name + ".h5"), KerasOptions.defaults());
        assertEquals(type, m.getClass().getSimpleName());
        INDArray out = output(m, x).castTo(DataType.DOUBLE);
        INDArray want = array(expected.get("output"), out.shape());
        double maxDiff = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Abs(out.sub(want)))
                .maxNumber().doubleValue();
        assertTrue(maxDiff < 1e-4, name + ": max |dl4j - numpy| = " + maxDiff);
    }

    @Test
    void fileWithoutTrainingConfigGetsATrainableOutputWithTheSameWeights() throws IOException {
        Path file = fixture("vgg_flatten.h5");
        MultiLayerNetwork plain = (MultiLayerNetwork) KerasImport.load(file, KerasOptions.defaults().withTrainableOutput(false));
        MultiLayerNetwork trainable = (MultiLayerNetwork) KerasImport.load(file, KerasOptions.defaults());
        assertInstanceOf(OutputLayer.class, trainable.getLayer(trainable.getnLayers() - 1).conf().getLayer());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 8, 8, 3);
        assertEquals(plain.output(x), trainable.output(x), "same weights, same outputs");
        INDArray y = Nd4j.zeros(DataType.FLOAT, 3, 2);
        y.putScalar(0, 1, 1f);
        y.putScalar(1, 0, 1f);
        y.putScalar(2, 1, 1f);
        INDArray before = trainable.params().dup();
        trainable.fit(new DataSet(x, y));
        assertNotEquals(before, trainable.params(), "fit() trains it");
        assertThrows(Exception.class, () -> plain.fit(new DataSet(x, y)), "DL4J cannot fit a network without output layer");
    }

    @Test
    void dropoutRateSurvivesImportAndNoOpDropoutsAreGone() throws IOException {
        MultiLayerNetwork mlp = (MultiLayerNetwork) KerasImport.load(fixture("mlp_dropout.h5"), KerasOptions.defaults());
        var dropoutLayer = mlp.getLayer(1).conf().getLayer();
        assertEquals("dropout_1", dropoutLayer.getLayerName());
        assertEquals(0.7, ((org.deeplearning4j.nn.conf.dropout.Dropout) dropoutLayer.getIDropout()).getP(), 1e-12,
                "Keras rate 0.3 = DL4J keep probability 0.7");
        assertEquals(null, mlp.getLayer(0).conf().getLayer().getIDropout());
        MultiLayerNetwork cnn = (MultiLayerNetwork) KerasImport.load(fixture("vgg_flatten.h5"), KerasOptions.defaults());
        assertEquals(null, cnn.getLayer(0).conf().getLayer().getIDropout());
    }

    @Test
    void notAKerasFileNamesTheFile() throws IOException {
        Path junk = Files.write(tmp.resolve("junk.h5"), "definitely not hdf5".getBytes());
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasImport.load(junk, KerasOptions.defaults()));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        KerasImportException missing = assertThrows(KerasImportException.class,
                () -> KerasImport.load(tmp.resolve("absent.h5"), KerasOptions.defaults()));
        assertTrue(missing.getMessage().contains("absent.h5"), missing.getMessage());
    }

    @Test
    void unsupportedLayerIsNamedWithItsClass() throws IOException {
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> KerasImport.load(fixture("unsupported_lambda.h5"), KerasOptions.defaults()));
        assertTrue(e.getMessage().contains("'lambda_1' (Lambda)"), e.getMessage());
        assertTrue(e.getMessage().contains("unsupported_lambda.h5"), e.getMessage());
        assertTrue(e.getCause() != null, "DL4J's exception is kept as the cause");
    }
}
