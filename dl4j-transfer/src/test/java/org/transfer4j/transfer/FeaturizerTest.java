package org.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One featurizer: several cuts from one pass, each as it is or pooled, on both network kinds. */
class FeaturizerTest {
    @Test
    void aGraphsCutsComeFromOnePassEachAsItIsOrPooled() {
        ComputationGraph g = GraphCutTest.graph();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 8, 8, 3);
        Featurizer f = Featurizer.of(g, List.of(new Featurizer.Cut("b1", false), new Featurizer.Cut("b1", true),
                new Featurizer.Cut("b2", true)));
        INDArray[] a = f.apply(x);
        var all = g.feedForward(new INDArray[] {x}, false);
        assertEquals(all.get("b1"), a[0], "the map as the network computes it");
        assertEquals(all.get("b1").mean(1, 2), a[1], "channels-last maps pooled over height and width");
        assertEquals(all.get("b2").mean(1, 2), a[2]);
        assertEquals(3, f.cuts().size());
        assertTrue(f.frozenPart().getVertex("b2") != null && f.frozenPart().getVertex("out") == null,
                "only what the cuts need is run");
    }

    @Test
    void aLayerStacksCutsAreFoundByNameOrIndex() {
        MultiLayerNetwork net = (MultiLayerNetwork) org.transfer4j.zoo.Architectures.build(
                org.transfer4j.zoo.catalogue.Catalogue.builtIn().architecture("StudyLeNet"), 5, 1);
        int[] idx = Featurizer.layerIndices(net, List.of("dense", "pool1", "0"));
        assertEquals("dense", net.getLayerWiseConfigurations().getConf(idx[0]).getLayer().getLayerName());
        assertEquals("pool1", net.getLayerWiseConfigurations().getConf(idx[1]).getLayer().getLayerName());
        assertEquals(0, idx[2]);
        String m = assertThrows(IllegalArgumentException.class, () -> Featurizer.layerIndices(net, List.of("nope"))).getMessage();
        assertTrue(m.contains("no layer 'nope'") && m.contains("dense"), m);

        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 784);
        INDArray[] a = Featurizer.of(net, List.of(new Featurizer.Cut("pool1", true), new Featurizer.Cut("dense", false)))
                .apply(x);
        List<INDArray> acts = net.feedForward(x, false);
        assertEquals(acts.get(idx[1] + 1).mean(2, 3), a[0], "channels-first maps pooled");
        assertEquals(acts.get(idx[0] + 1), a[1]);
    }

    @Test
    void aCutNeedsAVertexAndAFeaturizerACut() {
        assertThrows(IllegalArgumentException.class, () -> new Featurizer.Cut(" ", false));
        assertThrows(IllegalArgumentException.class, () -> Featurizer.of(GraphCutTest.graph(), List.of()));
        assertEquals("b1, pooled", new Featurizer.Cut("b1", true).describe());
        assertEquals("b1", new Featurizer.Cut("b1", false).describe());
    }
}
