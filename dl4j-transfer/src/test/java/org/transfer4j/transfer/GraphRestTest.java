package org.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.train.TrainingTarget;
import org.transfer4j.transfer.plan.NetworkTransfer;

/** The part of a graph above a cut, and training the last blocks on the activations below them. */
class GraphRestTest {
    private static final VertexNames NAMES = new VertexNames(List.of(3, 8, 8), "gap", "out", List.of("b1", "b2"));

    @Test
    void theRestAboveACutComputesWhatTheWholeGraphDoesFromTheCutsActivations() {
        ComputationGraph g = GraphCutTest.graph();
        INDArray x = GraphCutTest.input();
        INDArray atCut = GraphCut.below(g, List.of("b1")).output(false, x)[0];
        ComputationGraph rest = GraphCut.rest(g, "b1");
        assertEquals(List.of("b1"), rest.getConfiguration().getNetworkInputs());
        assertTrue(g.output(false, x)[0].equalsWithEps(rest.output(false, atCut)[0], 1e-5));
        // parameters are copies: changing the rest leaves the graph as it was
        INDArray before = g.getLayer("conv3").params().dup();
        rest.getLayer("conv3").params().addi(1);
        assertEquals(before, g.getLayer("conv3").params());
    }

    @Test
    void aSkipConnectionAcrossTheCutIsRefusedNamingBothVertices() {
        // b2 adds b1 (below the merge "cat") to bn2 (above it): cat's activation alone does not determine b2
        var e = assertThrows(IllegalArgumentException.class, () -> GraphCut.rest(GraphCutTest.graph(), "cat"));
        assertTrue(e.getMessage().contains("'b2' reads 'b1' below the cut 'cat'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GraphCut.rest(GraphCutTest.graph(), "nowhere"));
    }

    @Test
    void trainingTheLastBlockOnCachedActivationsIsTrainingItThroughTheWholeGraph() {
        // The last block holds a merge and a residual add, where DL4J's TransferLearningHelper cuts at several inputs.
        TransferPlan plan = new TransferPlan(new Head(3, 0, 0), new Strategy.LastBlocks(1, 0.1, 1),
                BatchNormPolicy.AUTO, new Optimizer(1e-2, 0, 7));
        // three builds, not clones (a cloned graph forgets its merge axis in M2.1); init() seeds the BatchNorm draws
        ComputationGraph base = GraphCutTest.graph();
        ComputationGraph whole = (ComputationGraph) NetworkTransfer.apply(GraphCutTest.graph(), NAMES, plan);
        ComputationGraph split = (ComputationGraph) NetworkTransfer.apply(GraphCutTest.graph(), NAMES, plan);
        assertEquals(base.getLayer("bn1").params(), whole.getLayer("bn1").params(), "the builds are the same graph");
        TrainingTarget.Whole a = new TrainingTarget.Whole(whole);
        TrainingTarget.GraphTop b = new TrainingTarget.GraphTop(split, "b1");
        INDArray first = whole.getLayer("conv3").params().dup();
        assertEquals(first, split.getLayer("conv3").params(), "the same start");
        for (int step = 0; step < 5; step++) {
            Nd4j.getRandom().setSeed(100 + step);
            INDArray x = Nd4j.rand(DataType.FLOAT, 6, 8, 8, 3);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
            for (int i = 0; i < 6; i++) {
                y.putScalar(i, i % 3, 1);
            }
            a.fit(new DataSet(x, y));
            b.fit(b.featurize(new DataSet(x, y)));
        }
        ComputationGraph trained = (ComputationGraph) b.complete();
        for (String layer : List.of("conv2a", "conv2b", "conv3", "bn2")) {
            assertTrue(whole.getLayer(layer).params().equalsWithEps(trained.getLayer(layer).params(), 1e-4), layer);
        }
        assertNotEquals(first, trained.getLayer("conv3").params(), "the last block trained");
        assertEquals(base.getLayer("conv1").params(), trained.getLayer("conv1").params(), "frozen below");
        assertEquals(base.getLayer("bn1").params(), trained.getLayer("bn1").params(), "frozen BatchNorm statistics too");
        INDArray x = GraphCutTest.input();
        assertTrue(whole.output(false, x)[0].equalsWithEps(trained.output(false, x)[0], 1e-4));
    }

    @Test
    void featureExtractionAtAnInteriorCutEndsTheNetworkThereWithAPooledStandardisedHead() {
        TransferPlan plan = new TransferPlan(new Head(3, 0, 0), new Strategy.FeatureExtraction("b1"),
                BatchNormPolicy.AUTO, new Optimizer(1e-2, 0, 7));
        ComputationGraph base = GraphCutTest.graph();
        ComputationGraph t = (ComputationGraph) NetworkTransfer.apply(GraphCutTest.graph(), NAMES, plan);
        var vertices = t.getConfiguration().getVertices().keySet();
        for (String gone : List.of("conv2a", "conv2b", "cat", "conv3", "bn2", "b2", "gap", "out")) {
            assertTrue(!vertices.contains(gone), gone + " lies above the cut and is removed");
        }
        assertEquals(List.of("b1"), t.getConfiguration().getVertexInputs().get("head_pool"));
        assertEquals(List.of("head_pool"), t.getConfiguration().getVertexInputs().get("head_norm"));
        assertEquals(List.of("head_norm"), t.getConfiguration().getVertexInputs().get("head_output"));
        INDArray x = GraphCutTest.input();
        // before training, the head reads b1 pooled over height and width (NHWC: dimensions 1 and 2), its 4 channels
        INDArray pooled = GraphCut.below(base, List.of("b1")).output(false, x)[0].mean(1, 2);
        assertEquals(4, pooled.size(1));
        var ff = t.feedForward(new INDArray[] {x}, false);
        assertTrue(pooled.equalsWithEps(ff.get("head_pool"), 1e-5));
        assertEquals(3, t.outputSingle(false, x).size(1));
        // trained on cached activations at the cut: the backbone stays, the head learns
        TrainingTarget.GraphTop top = new TrainingTarget.GraphTop(t, "b1");
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 3, 1);
        }
        INDArray before = t.getLayer("head_output").params().dup();
        assertTrue(org.transfer4j.transfer.plan.HeadNorm.fit(top.trained(), List.of(top.featurize(new DataSet(x, y))).iterator()));
        INDArray norm = ((ComputationGraph) top.trained()).getLayer("head_norm").params().dup();
        for (int step = 0; step < 3; step++) {
            top.fit(top.featurize(new DataSet(x, y)));
        }
        ComputationGraph trained = (ComputationGraph) top.complete();
        assertNotEquals(before, trained.getLayer("head_output").params());
        assertEquals(norm, trained.getLayer("head_norm").params(), "the standardisation is frozen, and carried into the network");
        INDArray z = trained.feedForward(new INDArray[] {x}, false).get("head_norm");
        assertTrue(z.mean(0).equalsWithEps(Nd4j.zeros(DataType.FLOAT, 4), 1e-3), "the training split standardised: " + z.mean(0));
        assertTrue(trained.getLayer("head_norm") instanceof org.deeplearning4j.nn.layers.FrozenLayer);
        assertEquals(base.getLayer("conv1").params(), trained.getLayer("conv1").params());
        assertEquals(base.getLayer("bn1").params(), trained.getLayer("bn1").params());
    }
}
