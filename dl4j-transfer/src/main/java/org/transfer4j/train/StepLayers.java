package org.transfer4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Layers of a graph replaced for one training step: in their vertex (which runs them) and in the graph's layer array
 * (which DL4J walks to clear states and the like), and put back in both after the step, also when it fails.
 */
final class StepLayers {
    private static final StepSwap<LayerVertex, Layer> VERTEX_LAYER = StepSwap.field(LayerVertex.class, "layer", Layer.class);

    private StepLayers() {
    }

    /**
     * Runs {@code step} (a fit) with the layer of every vertex of a graph that is {@code eligible} replaced by
     * {@code replacement(layer, the graph's data type)}; returns how many. Any other network just runs the step.
     */
    static int during(Model net, BiPredicate<ComputationGraph, LayerVertex> eligible, BiFunction<Layer, DataType, Layer> replacement,
                      Runnable step) {
        if (!(net instanceof ComputationGraph g)) {
            step.run();
            return 0;
        }
        List<LayerVertex> places = new ArrayList<>();
        for (GraphVertex v : g.getVertices()) {
            if (v instanceof LayerVertex lv && eligible.test(g, lv)) {
                places.add(lv);
            }
        }
        DataType type = g.getConfiguration().getDataType();
        return during(g, places, original -> replacement.apply(original, type), step);
    }

    /** Runs {@code step} with each vertex's layer replaced by {@code replacement(layer)}; returns how many. */
    static int during(ComputationGraph g, List<LayerVertex> places, UnaryOperator<Layer> replacement, Runnable step) {
        // The layer array is in the graph's own order, not by Layer.getIndex(): a replacement takes its original's
        // place there, found by identity.
        if (!places.isEmpty() && g.getGradientsViewArray() == null) {
            // DL4J makes the flat gradient array, and points each layer in its layer array at its part, on the first
            // step: before the swap, so that DL4J's layers get their views and replacements can share them.
            g.initGradientsView();
        }
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

    /**
     * Gives {@code replacement}, made from {@code original}'s configuration, its index and the same parameter and
     * gradient arrays (views of the graph's flat ones): the updater, which holds those arrays, sees the replacement's
     * gradients, and DL4J's layer the updated weights.
     */
    static void sharing(BaseLayer<?> replacement, BaseLayer<?> original) {
        replacement.setIndex(original.getIndex());
        replacement.setParamTable(original.paramTable());
        replacement.setParamsViewArray(original.params());
        replacement.setBackpropGradientsViewArray(original.getGradientsViewArray());
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
