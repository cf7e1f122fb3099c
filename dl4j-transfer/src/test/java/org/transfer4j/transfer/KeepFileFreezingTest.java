package org.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.train.Nets;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.transfer.plan.TrainableBatchNorm;

/** "Keep the file's own freezing": the layers a file marks trainable: false stay frozen, the rest train. */
class KeepFileFreezingTest {
    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    private static final VertexNames NAMES = new VertexNames(List.of(3, 8, 8), "gap", "out", List.of("b1", "b2"));

    private static TransferPlan plan(List<String> frozen, BatchNormPolicy bn) {
        return new TransferPlan(new Head(2, 0, 0), new Strategy.KeepFileFreezing(frozen, 0.1), bn,
                new Optimizer(1e-2, 0, 3));
    }

    private static void step(Model net, long... shape) {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, shape);
        INDArray y = Nd4j.zeros(DataType.FLOAT, shape[0], 2);
        for (int i = 0; i < shape[0]; i++) {
            y.putScalar(i, i % 2, 1);
        }
        Nets.fit(net, new DataSet(x, y));
    }

    @Test
    void theFilesFrozenLayersStayBitIdenticalTheRestTrains() throws Exception {
        ComputationGraph g = (ComputationGraph) NetworkTransfer.apply(GraphCutTest.graph(), NAMES,
                plan(List.of("conv1", "bn1"), BatchNormPolicy.AUTO));
        Map<String, INDArray> before = GraphCut.parameters(g);
        step(g, 4, 8, 8, 3);
        for (String frozen : List.of("conv1", "bn1")) {
            assertEquals(before.get(frozen), g.getLayer(frozen).params(), frozen + " is frozen in the file");
            assertTrue(((LayerVertex) g.getConfiguration().getVertices().get(frozen)).getLayerConf().getLayer() instanceof FrozenLayer);
        }
        for (String trained : List.of("conv2a", "conv2b", "conv3", "bn2", NetworkTransfer.HEAD_OUTPUT)) {
            assertNotEquals(before.get(trained), g.getLayer(trained).params(), trained + " trains");
        }
        assertEquals(1e-3, NetworkTransfer.learningRate(g, "conv3"), 1e-12, "backbone rate = head rate x factor");
        assertEquals(1e-2, NetworkTransfer.learningRate(g, NetworkTransfer.HEAD_OUTPUT), 1e-12);
        assertEquals(TrainableBatchNorm.DECAY, ((BatchNormalization) g.getLayer("bn2").conf().getLayer()).getDecay());
        assertEquals(0.999, ((BatchNormalization) ((FrozenLayer) ((LayerVertex) g.getConfiguration().getVertices().get("bn1"))
                .getLayerConf().getLayer()).getLayer()).getDecay(), "a frozen BatchNorm keeps the file's decay");
        // Saved and reloaded (DL4J's zip), it computes the same.
        Path zip = tmp.resolve("kept.zip");
        Nets.save(g, zip);
        ComputationGraph reloaded = (ComputationGraph) org.deeplearning4j.core.util.ModelGuesser.loadModelGuess(zip.toString());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 8, 3);
        assertEquals(g.outputSingle(false, x), reloaded.outputSingle(false, x));
    }

    @Test
    void freezingThatCannotBeKeptIsRefusedWithTheReason() {
        var below = assertThrows(IllegalArgumentException.class, () -> NetworkTransfer.apply(GraphCutTest.graph(), NAMES,
                plan(List.of("conv3"), BatchNormPolicy.AUTO)));
        assertTrue(below.getMessage().contains("the file freezes 'conv3' but trains '"), below.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> NetworkTransfer.apply(GraphCutTest.graph(), NAMES,
                plan(List.of("nope"), BatchNormPolicy.AUTO)));
        assertTrue(unknown.getMessage().contains("'nope', which is not a layer"), unknown.getMessage());
        var open = assertThrows(IllegalArgumentException.class, () -> NetworkTransfer.apply(GraphCutTest.graph(), NAMES,
                plan(null, BatchNormPolicy.AUTO)));
        assertTrue(open.getMessage().contains("load the base first"), open.getMessage());
        var bn = assertThrows(IllegalArgumentException.class, () -> NetworkTransfer.apply(GraphCutTest.graph(), NAMES,
                plan(List.of("conv1", "bn1"), BatchNormPolicy.REQUIRE_FROZEN)));
        assertTrue(bn.getMessage().contains("[bn2]"), bn.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Strategy.KeepFileFreezing(List.of(), 0.1))
                .getMessage().contains("marks no layer frozen"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Strategy.KeepFileFreezing(null, 1.5))
                .getMessage().contains("got 1.5"));
    }

    @Test
    void parameterlessLayersBelowNeedNotBeListedAndAMultiLayerNetworkFreezesItsListedBottom() {
        // b1 (a ReLU) and the merge hold no parameters: a list without them is still the bottom of the network.
        // Keras lists its InputLayer too ("in" here), which DL4J makes the graph's input: nothing to freeze.
        ComputationGraph g = (ComputationGraph) NetworkTransfer.apply(GraphCutTest.graph(), NAMES,
                plan(List.of("in", "conv1", "bn1", "conv2a", "conv2b"), BatchNormPolicy.AUTO));
        Map<String, INDArray> before = GraphCut.parameters(g);
        step(g, 4, 8, 8, 3);
        assertEquals(before.get("conv2b"), g.getLayer("conv2b").params());
        assertNotEquals(before.get("conv3"), g.getLayer("conv3").params());

        org.transfer4j.zoo.catalogue.Architecture lenet = org.transfer4j.zoo.catalogue.Catalogue.builtIn().architecture("StudyLeNet");
        VertexNames names = VertexNames.of(lenet);
        MultiLayerNetwork source = (MultiLayerNetwork) org.transfer4j.zoo.Architectures.build(lenet, 1);
        // conv1, pool1 (no parameters, not listed), conv2: frozen through layer 2; dense and the head train.
        MultiLayerNetwork net = (MultiLayerNetwork) NetworkTransfer.apply(source, names, plan(List.of("conv1", "conv2"),
                BatchNormPolicy.AUTO));
        INDArray conv2 = net.getLayer(2).params().dup();
        INDArray dense = net.getLayer(4).params().dup();
        step(net, 4, 784);
        assertTrue(net.getLayer(2) instanceof org.deeplearning4j.nn.layers.FrozenLayer, "conv2 is frozen");
        assertEquals(conv2, net.getLayer(2).params());
        assertNotEquals(dense, net.getLayer(4).params(), "dense trains");
        var below = assertThrows(IllegalArgumentException.class, () -> NetworkTransfer.apply(source, names,
                plan(List.of("conv2"), BatchNormPolicy.AUTO)));
        assertTrue(below.getMessage().contains("the file freezes 'conv2' but trains 'conv1' below it"), below.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> NetworkTransfer.apply(source, names,
                plan(List.of("flatten_1"), BatchNormPolicy.AUTO)));
        assertTrue(none.getMessage().contains("none of the layers the file freezes [flatten_1]"), none.getMessage());
    }

    @Test
    void theBaseFillsInItsListAndThePlanRecordsIt() throws Exception {
        BaseModel none = new BaseModel(GraphCutTest.graph(), NAMES, "sha", null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> none.resolve(Strategy.keepFileFreezing()))
                .getMessage().contains("marks no layer frozen"));
        BaseModel file = new BaseModel(GraphCutTest.graph(), NAMES, "sha", null, List.of("conv1"));
        assertEquals(new Strategy.KeepFileFreezing(List.of("conv1"), Strategy.DEFAULT_BACKBONE_RATE_FACTOR),
                file.resolve(Strategy.keepFileFreezing()));
        assertEquals(Strategy.featureExtraction(), file.resolve(Strategy.featureExtraction()));
        TransferPlan p = plan(List.of("conv1", "bn1"), BatchNormPolicy.AUTO);
        assertEquals(p, Json.MAPPER.readValue(Json.write(p), TransferPlan.class));
    }

    @Test
    void aSequentialTfjsFileKeepsItsFrozenBottomLayer() throws Exception {
        // Written by zoo-import's make_tfjs_fixtures.py: conv2d_1 trainable: false, the rest trainable.
        BaseModel b = BaseModel.load(Base.parse("tfjs:../zoo-import/src/test/resources/tfjs/cnn_noscale_frozen"),
                null, null, 1);
        assertEquals(List.of("conv2d_1"), b.frozenInFile());
        TransferPlan p = new TransferPlan(new Head(2, 0, 0), b.resolve(Strategy.keepFileFreezing()),
                BatchNormPolicy.AUTO, new Optimizer(1e-2, 0, 3));
        MultiLayerNetwork net = (MultiLayerNetwork) NetworkTransfer.apply(b.network(), b.names(), p);
        INDArray conv = net.getLayer(0).params().dup();
        INDArray bn = net.getLayer(1).params().dup();
        List<Integer> s = b.names().inputShape();
        step(net, 4, s.get(1), s.get(2), s.get(0));
        assertEquals(conv, net.getLayer(0).params(), "conv2d_1 is frozen in the file");
        assertNotEquals(bn, net.getLayer(1).params(), "batch_normalization_1 trains");
        assertTrue(Path.of("../zoo-import/src/test/resources/tfjs/cnn_noscale_frozen/model.json").toFile().isFile());
    }
}
