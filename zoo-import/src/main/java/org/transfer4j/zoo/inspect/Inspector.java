package org.transfer4j.zoo.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Builds a {@link ModelSummary} of a ComputationGraph or MultiLayerNetwork. */
public final class Inspector {
    private Inspector() {
    }

    /**
     * @param inputType the network input, for output shapes; null to leave shapes out
     */
    public static ModelSummary summarize(String label, Model model, InputType inputType, List<String> blocks) {
        List<ModelSummary.Row> rows = new ArrayList<>();
        if (model instanceof ComputationGraph g) {
            Map<String, InputType> types = inputType == null ? Map.of()
                    : g.getConfiguration().getLayerActivationTypes(inputType);
            for (String name : g.getConfiguration().getTopologicalOrderStr()) {
                GraphVertex v = g.getVertex(name);
                List<String> inputs = g.getConfiguration().getVertexInputs().getOrDefault(name, List.of());
                boolean frozen = v.hasLayer() && v.getLayer() instanceof org.deeplearning4j.nn.layers.FrozenLayer
                        || v instanceof org.deeplearning4j.nn.graph.vertex.impl.FrozenVertex;
                rows.add(new ModelSummary.Row(name, typeOf(g, name, v), shape(types.get(name)), v.numParams(), frozen, inputs));
            }
        } else if (model instanceof MultiLayerNetwork n) {
            List<InputType> types = inputType == null ? List.of()
                    : n.getLayerWiseConfigurations().getLayerActivationTypes(inputType);
            for (int i = 0; i < n.getnLayers(); i++) {
                var layer = n.getLayer(i);
                Layer conf = layer.conf().getLayer();
                String name = conf.getLayerName() == null ? Integer.toString(i) : conf.getLayerName();
                boolean frozen = layer instanceof org.deeplearning4j.nn.layers.FrozenLayer;
                rows.add(new ModelSummary.Row(name, simple(conf), i < types.size() ? shape(types.get(i)) : "",
                        layer.numParams(), frozen, List.of(i == 0 ? "input" : rows.get(i - 1).name())));
            }
        } else {
            throw new IllegalArgumentException("cannot inspect a " + model.getClass().getName());
        }
        long total = rows.stream().mapToLong(ModelSummary.Row::parameters).sum();
        long frozen = rows.stream().filter(ModelSummary.Row::frozen).mapToLong(ModelSummary.Row::parameters).sum();
        return new ModelSummary(label, model.getClass().getSimpleName(), rows, blocks == null ? List.of() : blocks,
                total, total - frozen, frozen);
    }

    private static String typeOf(ComputationGraph g, String name, GraphVertex v) {
        var conf = g.getConfiguration().getVertices().get(name);
        if (conf instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) {
            return simple(lv.getLayerConf().getLayer());
        }
        return conf == null ? "Input" : conf.getClass().getSimpleName();
    }

    private static String simple(Layer conf) {
        if (conf instanceof FrozenLayer f) {
            return simple(f.getLayer());
        }
        if (conf instanceof FrozenLayerWithBackprop f) {
            return simple(f.getUnderlying());
        }
        return conf.getClass().getSimpleName();
    }

    static String shape(InputType t) {
        if (t == null) {
            return "";
        }
        long[] s = t.getShape(false);
        return Arrays.toString(s);
    }
}
