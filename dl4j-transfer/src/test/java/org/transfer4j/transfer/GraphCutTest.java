package org.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.transfer.plan.NewLayer;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.transfer.plan.TrainableBatchNorm;

public class GraphCutTest {
    /**
     * A channels-last graph with the seams of a Keras application: BatchNorm (decay 0.999 as Keras
     * stores it), a concatenation on the channel axis (axis 3, which a clone forgets), a residual add.
     * Blocks: b1 (conv, BN, ReLU), b2 (two branches concatenated, 1x1 conv, BN, added to b1).
     */
    public static ComputationGraph graph() {
        MergeVertex cat = new MergeVertex();
        cat.setMergeAxis(3);
        var b = new NeuralNetConfiguration.Builder().seed(5).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 3, CNN2DFormat.NHWC))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(CNN2DFormat.NHWC).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().decay(0.999).build(), "conv1")
                .addLayer("b1", new ActivationLayer(Activation.RELU), "bn1")
                .addLayer("conv2a", new ConvolutionLayer.Builder(1, 1).nOut(4).dataFormat(CNN2DFormat.NHWC).build(), "b1")
                .addLayer("conv2b", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(CNN2DFormat.NHWC).build(), "b1")
                .addVertex("cat", cat, "conv2a", "conv2b")
                .addLayer("conv3", new ConvolutionLayer.Builder(1, 1).nOut(4).dataFormat(CNN2DFormat.NHWC).build(), "cat")
                .addLayer("bn2", new BatchNormalization.Builder().decay(0.999).build(), "conv3")
                .addVertex("b2", new ElementWiseVertex(ElementWiseVertex.Op.Add), "b1", "bn2")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(1, 2).build(), "b2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out");
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        // Non-trivial BatchNorm statistics, so that a lost or shared parameter shows in the outputs.
        g.getLayer("bn1").setParams(Nd4j.rand(DataType.FLOAT, 1, g.getLayer("bn1").numParams()).addi(0.5));
        g.getLayer("bn2").setParams(Nd4j.rand(DataType.FLOAT, 1, g.getLayer("bn2").numParams()).addi(0.5));
        return g;
    }

    static INDArray input() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, 5, 8, 8, 3);
    }

    @Test
    void activationsAreTheForwardPassesInTheOrderAsked() {
        ComputationGraph g = graph();
        INDArray x = input();
        Map<String, INDArray> ff = g.feedForward(new INDArray[] {x}, false);
        INDArray[] a = GraphCut.activations(g, List.of("b2", "conv2b", "b1"), x);
        assertEquals(ff.get("b2"), a[0]);
        assertEquals(ff.get("conv2b"), a[1]);
        assertEquals(ff.get("b1"), a[2]);
        assertArrayEquals(new long[] {5, 8, 8, 8}, GraphCut.activations(g, List.of("cat"), x)[0].shape());
        var e = assertThrows(IllegalArgumentException.class, () -> GraphCut.activations(g, List.of("nope"), x));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void betweenListsThePartAboveACutInTopologicalOrder() {
        var conf = graph().getConfiguration();
        List<String> part = GraphCut.between(conf, "b1", "out");
        assertEquals(List.of("conv2a", "conv2b", "cat", "conv3", "bn2", "b2", "gap", "out"),
                part.stream().sorted(java.util.Comparator.comparingInt(conf.getTopologicalOrderStr()::indexOf)).toList());
        assertEquals(part.stream().sorted(java.util.Comparator.comparingInt(conf.getTopologicalOrderStr()::indexOf)).toList(), part);
        assertEquals(List.of("gap", "out"), GraphCut.between(conf, "b2", "out"));
        assertEquals(List.of("b1"), GraphCut.between(conf, "bn1", "b1"));
    }

    @Test
    void aVertexThatIsNotASingleCutIsRefusedNamingTheReader() {
        var conf = graph().getConfiguration();
        // Above conv2a, conv2b (the first in topological order) reads b1, below the cut.
        var e = assertThrows(IllegalArgumentException.class, () -> GraphCut.between(conf, "conv2a", "out"));
        assertTrue(e.getMessage().contains("'conv2a' is not a single cut") && e.getMessage().contains("vertex 'conv2b'"),
                e.getMessage());
        var notAbove = assertThrows(IllegalArgumentException.class, () -> GraphCut.between(conf, "b2", "conv3"));
        assertTrue(notAbove.getMessage().contains("'conv3' is not above the cut 'b2'"), notAbove.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GraphCut.between(conf, "b2", "b2"));
        for (String[] cutTop : new String[][] {{"missing", "out"}, {"b1", "missing"}}) {
            var e2 = assertThrows(IllegalArgumentException.class, () -> GraphCut.between(conf, cutTop[0], cutTop[1]));
            assertEquals("vertex 'missing' is not in the network", e2.getMessage());
        }
        var e3 = assertThrows(IllegalArgumentException.class, () -> GraphCut.above(graph(), "missing", null, List.of(
                new NewLayer("head_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), null, "missing")), 1));
        assertEquals("vertex 'missing' is not in the network", e3.getMessage());
    }

    @Test
    void thePartAboveACutComputesWhatTheWholeGraphDoes() {
        ComputationGraph g = graph();
        INDArray x = input();
        INDArray atCut = GraphCut.activations(g, List.of("b1"), x)[0];
        // A head equal to the graph's own (same configuration, the graph's parameters copied in).
        List<NewLayer> head = List.of(
                new NewLayer("head_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(1, 2).build(),
                        null, "b2"),
                new NewLayer("head_out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build(), null, "head_pool"));
        ComputationGraph top = GraphCut.above(g, "b1", "b2", head, 1);
        top.getLayer("head_out").setParams(g.getLayer("out").params().dup());
        assertEquals(List.of("b1"), top.getConfiguration().getNetworkInputs());
        assertEquals(3, ((MergeVertex) top.getConfiguration().getVertices().get("cat")).getMergeAxis(), "merge axis kept");
        INDArray expected = g.outputSingle(x);
        INDArray actual = top.outputSingle(atCut);
        assertTrue(expected.equalsWithEps(actual, 1e-6), "top " + actual + " whole " + expected);
        // Copied, not shared: training the top leaves the source graph as it was.
        INDArray before = g.getLayer("conv3").params().dup();
        top.getLayer("conv3").params().addi(1);
        assertEquals(before, g.getLayer("conv3").params());
        // A head straight on the cut.
        ComputationGraph direct = GraphCut.above(g, "b2", null, List.of(
                new NewLayer("head_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(1, 2).build(),
                        null, "b2"),
                new NewLayer("head_out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build(), null, "head_pool")), 1);
        direct.getLayer("head_out").setParams(g.getLayer("out").params().dup());
        assertTrue(expected.equalsWithEps(direct.outputSingle(GraphCut.activations(g, List.of("b2"), x)[0]), 1e-6));
    }

    @Test
    void parametersCarryByNameAsCopies() {
        ComputationGraph g = graph();
        Map<String, INDArray> p = GraphCut.parameters(g);
        assertEquals(List.of("conv1", "bn1", "conv2a", "conv2b", "conv3", "bn2", "out"),
                p.keySet().stream().sorted(java.util.Comparator.comparingInt(
                        g.getConfiguration().getTopologicalOrderStr()::indexOf)).toList());
        p.get("conv1").addi(1);
        assertNotEquals(p.get("conv1"), g.getLayer("conv1").params());
        ComputationGraph other = graph();
        other.getLayer("conv3").params().assign(0);
        Map<String, INDArray> some = Map.of("conv3", g.getLayer("conv3").params().dup(), "in", Nd4j.zeros(1), "cat", Nd4j.zeros(1));
        assertEquals(1, GraphCut.setParameters(other, some));
        assertEquals(g.getLayer("conv3").params(), other.getLayer("conv3").params());
    }

    @Test
    void trainedBatchNormsFollowTheTargetDataFrozenOnesKeepTheirDecay() {
        BatchNormalization slow = new BatchNormalization.Builder().decay(0.999).build();
        assertTrue(TrainableBatchNorm.adapt(slow));
        assertEquals(TrainableBatchNorm.DECAY, slow.getDecay());
        BatchNormalization fast = new BatchNormalization.Builder().decay(0.5).build();
        assertFalse(TrainableBatchNorm.adapt(fast));
        assertEquals(0.5, fast.getDecay());
        BatchNormalization exact = new BatchNormalization.Builder().decay(TrainableBatchNorm.DECAY).build();
        assertFalse(TrainableBatchNorm.adapt(exact));
        assertFalse(TrainableBatchNorm.adapt(new DenseLayer.Builder().nIn(1).nOut(1).build()));

        // Through a plan: the last block (b2) trains, its BatchNorm gets 0.9; b1's stays frozen at 0.999.
        VertexNames names = new VertexNames(List.of(3, 8, 8), "gap", "out", List.of("b1", "b2"));
        TransferPlan plan = new TransferPlan(new Head(2, 0, 0), new Strategy.LastBlocks(1, 0.1, 1),
                BatchNormPolicy.AUTO, new Optimizer(1e-3, 0, 1));
        ComputationGraph t = (ComputationGraph) NetworkTransfer.apply(graph(), names, plan);
        assertEquals(TrainableBatchNorm.DECAY, ((BatchNormalization) t.getLayer("bn2").conf().getLayer()).getDecay());
        var frozen = ((org.deeplearning4j.nn.conf.graph.LayerVertex) t.getConfiguration().getVertices().get("bn1"))
                .getLayerConf().getLayer();
        assertTrue(frozen instanceof FrozenLayer, frozen.getClass().getName());
        assertEquals(0.999, ((BatchNormalization) ((FrozenLayer) frozen).getLayer()).getDecay());
        // Unfreezing b1 as well hands its BatchNorm the same repair.
        ComputationGraph both = (ComputationGraph) NetworkTransfer.unfreeze(t, names, plan, 2);
        assertEquals(TrainableBatchNorm.DECAY, ((BatchNormalization) both.getLayer("bn1").conf().getLayer()).getDecay());
    }
}
