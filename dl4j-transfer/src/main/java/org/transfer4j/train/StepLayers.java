package org.transfer4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;

/**
 * Layers of a graph replaced for one training step: in their vertex (which runs them) and in the graph's layer array
 * (which DL4J walks to clear states and the like), and put back in both after the step, also when it fails.
 */
final class StepLayers {
    private static final StepSwap<LayerVertex, Layer> VERTEX_LAYER = StepSwap.field(LayerVertex.class, "layer", Layer.class);

    private StepLayers() {
    }

    /** Runs {@code step} with each vertex's layer replaced by {@code replacement(layer)}; returns how many. */
    static int during(ComputationGraph g, List<LayerVertex> places, UnaryOperator<Layer> replacement, Runnable step) {
        // The layer array is in the graph's own order, not by Layer.getIndex(): a replacement takes its original's
        // place there, found by identity.
        Layer[] layers = g.getLayers();
        List<Layer[]> swapped = new ArrayList<>();
        try {
            return VERTEX_LAYER.during(places, (lv, original) -> {
                Layer r = replacement.apply(original);
                replace(layers, original, r);
                swapped.add(new Layer[] {original, r});
                return r;
            }, step);
        } finally {
            for (Layer[] s : swapped) {
                replace(layers, s[1], s[0]);
            }
        }
    }

    static void replace(Layer[] layers, Layer from, Layer to) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == from) {
                layers[i] = to;
                return;
            }
        }
        throw new IllegalStateException("layer '" + from.conf().getLayer().getLayerName() + "' is not in the graph's layers");
    }
}
