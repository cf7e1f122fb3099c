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
import org.transfer4j.train.TrainingTarget;
import org.transfer4j.transfer.plan.BatchNormPolicy;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.transfer.plan.TransferPlan;
import org.transfer4j.transfer.plan.VertexNames;

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
        TransferPlan plan = new TransferPlan(new TransferPlan.Head(3, 0, 0), new TransferPlan.FineTuneLastBlocks(1, 0.1, 1),
                BatchNormPolicy.AUTO, new TransferPlan.Optimizer(1e-2, 0, 7));
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
}
