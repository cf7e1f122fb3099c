package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GRU transfer4j adds to DL4J, beyond its forward pass (which {@link KerasArchiveFixturesTest} checks against
 * numpy): it trains (gradients reach its weights), and a network holding it saves and loads with the same outputs.
 */
class GruLayerTest {
    @TempDir
    Path tmp;

    static INDArray tokens() {
        INDArray x = Nd4j.create(DataType.FLOAT, 4, 7);
        for (int i = 0; i < x.length(); i++) {
            x.putScalar(i, (i * 7 + 3) % 20);
        }
        return x;
    }

    /** An .h5 file with GRU layers imports too (DL4J's importer, with the GRU registered) and equals the .keras one. */
    @Test
    void anHdf5FileWithGruLayersEqualsTheKerasFile() throws Exception {
        Path dir = KerasArchiveFixturesTest.generated();
        var fromH5 = KerasImport.load(dir.resolve("text_gru.h5"), KerasOptions.defaults().withTrainableOutput(false));
        var fromKeras = (ComputationGraph) KerasArchiveImport.load(dir.resolve("text_gru.keras"),
                KerasOptions.defaults().withTrainableOutput(false)).network();
        INDArray a = fromH5 instanceof ComputationGraph cg ? cg.outputSingle(tokens())
                : ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) fromH5).output(tokens());
        assertTrue(a.equalsWithEps(fromKeras.outputSingle(tokens()), 1e-5), a + " vs " + fromKeras.outputSingle(tokens()));
        assertEquals(fromKeras.numParams(), fromH5.numParams());
    }

    @Test
    void configurationFollowsItsInputAndRefusesUnknownActivations() {
        GruLayer g = new GruLayer("g", 0, 4, true, true, "tanh", "sigmoid");
        assertEquals("g", g.getLayerName());
        g.setNIn(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(5, 7, org.deeplearning4j.nn.conf.RNNFormat.NWC), false);
        assertEquals(5, g.getNIn(), "unset: taken from the input");
        assertEquals(org.deeplearning4j.nn.conf.RNNFormat.NWC, g.getFormat());
        g.setNIn(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(6, 7, org.deeplearning4j.nn.conf.RNNFormat.NCW), false);
        assertEquals(5, g.getNIn(), "set: kept without override");
        assertEquals(org.deeplearning4j.nn.conf.RNNFormat.NCW, g.getFormat());
        g.setNIn(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(6, 7, org.deeplearning4j.nn.conf.RNNFormat.NCW), true);
        assertEquals(6, g.getNIn());
        assertEquals(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(4, 7, org.deeplearning4j.nn.conf.RNNFormat.NCW),
                g.getOutputType(0, org.deeplearning4j.nn.conf.inputs.InputType.recurrent(6, 7)));
        assertThrows(IllegalArgumentException.class, () -> g.setNIn(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(3), true));
        assertThrows(IllegalArgumentException.class, () -> new GruLayer("g", 3, 2, true, false, "softsign", "sigmoid"));
    }

    @Test
    void newLayersStartGlorotUniformWithZeroBiases() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().list()
                .layer(new GruLayer(null, 30, 20, true, false, "tanh", "sigmoid"))
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(2).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(30, 3)).build();
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();
        assertEquals(0, net.getLayer(0).getIndex());
        var p = net.getLayer(0).paramTable();
        double wLimit = Math.sqrt(6.0 / 50);
        double uLimit = Math.sqrt(6.0 / 40);
        for (String g : GruLayer.GATES) {
            assertTrue(p.get("W" + g).amaxNumber().doubleValue() <= wLimit);
            assertTrue(p.get("W" + g).amaxNumber().doubleValue() > wLimit * 0.8, "spread over the range");
            assertTrue(p.get("U" + g).amaxNumber().doubleValue() <= uLimit);
            assertTrue(p.get("U" + g).amaxNumber().doubleValue() > uLimit * 0.8);
            assertTrue(p.get("W" + g).meanNumber().doubleValue() < 0.05 && p.get("W" + g).minNumber().doubleValue() < 0);
            assertEquals(0, p.get("b" + g).amaxNumber().doubleValue());
            assertEquals(0, p.get("rb" + g).amaxNumber().doubleValue());
        }
    }

    /** Its gradients (SameDiff's) against finite differences, in double precision, for both bias forms and outputs. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"true,1,false,NCW", "false,1,false,NCW", "true,3,false,NCW",
            "false,3,true,NCW", "true,3,true,NCW", "true,2,true,NWC", "false,2,false,NWC"})
    void gradientsMatchFiniteDifferences(boolean resetAfter, int steps, boolean sequences, String format) {
        DataType saved = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil refuses otherwise
        try {
            gradientCheck(resetAfter, steps, sequences, org.deeplearning4j.nn.conf.RNNFormat.valueOf(format));
        } finally {
            Nd4j.setDefaultDataTypes(saved, saved);
        }
    }

    private static void gradientCheck(boolean resetAfter, int steps, boolean sequences,
                                      org.deeplearning4j.nn.conf.RNNFormat format) {
        Nd4j.getRandom().setSeed(12);
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new org.nd4j.linalg.learning.config.NoOp()).list()
                // A layer below, so the GRU's input gradient is checked too (its parameters' gradients depend on it).
                .layer(new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(3).dataFormat(format).activation(
                        org.nd4j.linalg.activations.Activation.TANH).build())
                .layer(new GruLayer(null, 3, 2, resetAfter, sequences, "tanh", "sigmoid"))
                .layer(sequences ? new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).dataFormat(format)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).nOut(2).build()
                        : new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).nOut(2).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(3, steps, format)).build();
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();
        boolean ncw = format == org.deeplearning4j.nn.conf.RNNFormat.NCW;
        INDArray x = ncw ? Nd4j.rand(DataType.DOUBLE, 4, 3, steps) : Nd4j.rand(DataType.DOUBLE, 4, steps, 3);
        INDArray y = !sequences ? Nd4j.rand(DataType.DOUBLE, 4, 2)
                : ncw ? Nd4j.rand(DataType.DOUBLE, 4, 2, steps) : Nd4j.rand(DataType.DOUBLE, 4, steps, 2);
        assertTrue(org.deeplearning4j.gradientcheck.GradientCheckUtil.checkGradients(
                new org.deeplearning4j.gradientcheck.GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                        .print(org.deeplearning4j.gradientcheck.GradientCheckUtil.PrintMode.FAILURES_ONLY)));
        assertEquals(1, net.getLayer(1).getIndex(), "the GRU knows its place in the network");
        assertEquals(resetAfter ? 3 * (3 * 2 + 2 * 2 + 2 + 2) : 3 * (3 * 2 + 2 * 2 + 2), net.getLayer(1).numParams(),
                "Keras' parameter count: kernel, recurrent kernel, bias (two rows with reset_after)");
    }

    @Test
    void importedGruTrainsAndSurvivesSaveAndLoad() throws Exception {
        ComputationGraph g = (ComputationGraph) KerasArchiveImport.load(
                KerasArchiveFixturesTest.generated().resolve("text_gru.keras"), KerasOptions.defaults()).network();
        INDArray before = g.getLayer("gru").getParam("Uh").dup();
        INDArray firstBefore = g.getLayer("gru_1").getParam("Wz").dup();
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 3, 1);
        }
        DataSet d = new DataSet(tokens(), labels);
        double first = g.score(d);
        for (int i = 0; i < 20; i++) {
            g.fit(d);
        }
        assertNotEquals(before, g.getLayer("gru").getParam("Uh"), "the first GRU's recurrent kernel trained");
        assertNotEquals(firstBefore, g.getLayer("gru_1").getParam("Wz"), "the second GRU's kernel trained");
        assertTrue(g.score(d) < first, "loss " + first + " -> " + g.score(d));

        File f = tmp.resolve("gru.zip").toFile();
        ModelSerializer.writeModel(g, f, false);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, false);
        assertEquals(g.outputSingle(tokens()), back.outputSingle(tokens()));
    }
}
