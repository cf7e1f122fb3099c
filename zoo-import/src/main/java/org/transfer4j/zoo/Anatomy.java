package org.transfer4j.zoo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Where a network's parts are, found from the network itself, for files that have no catalogue entry
 * (any Keras or TF.js model): the classifier (the first dense layer of the run of dense, dropout and
 * activation layers that ends at the output), the feature vertex (its input: the global pooling or
 * flatten in front of the head) and the ordered block boundaries below the feature vertex.
 *
 * <p>Block boundaries are vertices every path from input to output goes through (cut vertices),
 * chosen by Keras' naming conventions where the names follow one: {@code mixedN} (InceptionV3), the last
 * cut vertex of each {@code block_N_...} / {@code blockN_...} / {@code convN_blockM_...} group (MobileNet,
 * EfficientNet, ResNet v2, VGG), plus the last cut vertex before the feature vertex; otherwise the end of
 * every run of consecutive cut vertices that holds a merge (add, concatenate) or a pooling.
 */
public record Anatomy(String feature, String classifier, List<String> blocks) {
    private static final Pattern MIXED = Pattern.compile("^mixed\\d+$");
    private static final Pattern GROUP = Pattern.compile("^((?:block_?\\d+)|(?:conv\\d+_block\\d+)|(?:stage\\d+_unit\\d+))(?:_|$)");

    public Anatomy {
        blocks = List.copyOf(blocks);
    }

    /** The anatomy of {@code net}; an exception says what was not found and how to name it instead. */
    public static Anatomy discover(Model net) {
        if (net instanceof ComputationGraph g) {
            return ofGraph(g.getConfiguration());
        }
        if (net instanceof MultiLayerNetwork n) {
            return ofLayers(n);
        }
        throw new IllegalArgumentException("cannot find the parts of a " + net.getClass().getSimpleName());
    }

    static Anatomy ofGraph(ComputationGraphConfiguration conf) {
        if (conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("the graph has " + conf.getNetworkOutputs().size() + " outputs "
                    + conf.getNetworkOutputs() + "; name its feature vertex, classifier and blocks explicitly");
        }
        Map<String, List<String>> inputs = conf.getVertexInputs();
        String v = conf.getNetworkOutputs().get(0);
        String classifier = null;
        while (true) {
            Layer l = layer(conf.getVertices().get(v));
            if (l instanceof DenseLayer || l instanceof BaseOutputLayer) {
                classifier = v;
            } else if (!(l instanceof DropoutLayer || l instanceof ActivationLayer)) {
                break;
            }
            List<String> in = inputs.getOrDefault(v, List.of());
            if (in.size() != 1) {
                break;
            }
            v = in.get(0);
        }
        if (classifier == null) {
            throw new IllegalArgumentException("the output '" + conf.getNetworkOutputs().get(0) + "' is not a dense"
                    + " classifier; name the feature vertex, classifier and blocks explicitly");
        }
        String feature = inputs.get(classifier).get(0);
        List<String> topo = conf.getTopologicalOrderStr();
        int featureAt = topo.indexOf(feature);
        List<String> cuts = cutVertices(topo, inputs, featureAt);
        return new Anatomy(feature, classifier, boundaries(conf, cuts));
    }

    /** Vertices before {@code end} (by topological position) that no edge jumps over. */
    static List<String> cutVertices(List<String> topo, Map<String, List<String>> inputs, int end) {
        Map<String, Integer> pos = new HashMap<>();
        for (int i = 0; i < topo.size(); i++) {
            pos.put(topo.get(i), i);
        }
        int[] reach = new int[topo.size()]; // furthest consumer of each vertex
        for (var e : inputs.entrySet()) {
            int to = pos.get(e.getKey());
            for (String from : e.getValue()) {
                int f = pos.get(from);
                reach[f] = Math.max(reach[f], to);
            }
        }
        List<String> cuts = new ArrayList<>();
        int furthest = -1;
        for (int i = 0; i < end; i++) {
            if (furthest <= i && !inputs.getOrDefault(topo.get(i), List.of()).isEmpty()) {
                cuts.add(topo.get(i));
            }
            furthest = Math.max(furthest, reach[i]);
        }
        return cuts;
    }

    private static List<String> boundaries(ComputationGraphConfiguration conf, List<String> cuts) {
        if (cuts.isEmpty()) {
            return List.of();
        }
        List<String> mixed = cuts.stream().filter(c -> MIXED.matcher(c).matches()).toList();
        if (!mixed.isEmpty()) {
            return withLast(mixed, cuts, conf);
        }
        Map<String, String> lastOfGroup = new LinkedHashMap<>();
        for (String c : cuts) {
            Matcher m = GROUP.matcher(c);
            if (m.find()) {
                lastOfGroup.put(m.group(1), c);
            }
        }
        if (lastOfGroup.size() >= 2) {
            return withLast(new ArrayList<>(lastOfGroup.values()), cuts, conf);
        }
        // Runs of consecutive cut vertices (a merge and the activation after it, a pooling stage): the last
        // vertex of each run that holds a merge or a pooling is a block's output.
        List<String> topo = conf.getTopologicalOrderStr();
        List<String> structural = new ArrayList<>();
        boolean marked = false;
        for (int i = 0; i < cuts.size(); i++) {
            GraphVertex v = conf.getVertices().get(cuts.get(i));
            GraphVertex u = v instanceof FrozenVertex f ? f.getUnderlying() : v;
            marked |= u instanceof ElementWiseVertex || u instanceof MergeVertex || layer(v) instanceof SubsamplingLayer;
            boolean runEnds = i + 1 == cuts.size() || topo.indexOf(cuts.get(i + 1)) != topo.indexOf(cuts.get(i)) + 1;
            if (runEnds) {
                if (marked) {
                    structural.add(cuts.get(i));
                }
                marked = false;
            }
        }
        return withLast(structural, cuts, conf);
    }

    /**
     * {@code chosen} plus the end of the last stage before the feature vertex (the last cut vertex that is
     * not the head's pooling, such as MobileNetV2's {@code out_relu}) when it comes after them.
     */
    private static List<String> withLast(List<String> chosen, List<String> cuts, ComputationGraphConfiguration conf) {
        List<String> out = new ArrayList<>(chosen);
        int i = cuts.size() - 1;
        while (i > 0 && isPooling(conf.getVertices().get(cuts.get(i)))) {
            i--;
        }
        String last = cuts.get(i);
        if (out.isEmpty() || cuts.indexOf(last) > cuts.indexOf(out.get(out.size() - 1))) {
            out.add(last);
        }
        return out;
    }

    private static boolean isPooling(GraphVertex v) {
        Layer l = layer(v);
        return l instanceof SubsamplingLayer || l instanceof org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
    }

    static Anatomy ofLayers(MultiLayerNetwork n) {
        int last = n.getnLayers() - 1;
        int classifier = -1;
        for (int i = last; i >= 0; i--) {
            Layer l = unwrap(n.getLayerWiseConfigurations().getConf(i).getLayer());
            if (l instanceof DenseLayer || l instanceof BaseOutputLayer) {
                classifier = i;
            } else if (!(l instanceof DropoutLayer || l instanceof ActivationLayer)) {
                break;
            }
        }
        if (classifier <= 0) {
            throw new IllegalArgumentException("the network ends in no dense classifier after a feature layer; name the"
                    + " feature layer, classifier and blocks explicitly");
        }
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < classifier; i++) {
            Layer l = unwrap(n.getLayerWiseConfigurations().getConf(i).getLayer());
            if (l instanceof SubsamplingLayer || l instanceof DenseLayer || i == classifier - 1) {
                blocks.add(name(n, i));
            }
        }
        return new Anatomy(name(n, classifier - 1), name(n, classifier), blocks);
    }

    private static String name(MultiLayerNetwork n, int i) {
        String s = unwrap(n.getLayerWiseConfigurations().getConf(i).getLayer()).getLayerName();
        return s == null ? String.valueOf(i) : s;
    }

    private static Layer layer(GraphVertex v) {
        GraphVertex u = v instanceof FrozenVertex f ? f.getUnderlying() : v;
        return u instanceof LayerVertex lv ? unwrap(lv.getLayerConf().getLayer()) : null;
    }

    private static Layer unwrap(Layer l) {
        if (l instanceof FrozenLayer f) {
            return unwrap(f.getLayer());
        }
        if (l instanceof FrozenLayerWithBackprop f) {
            return unwrap(f.getUnderlying());
        }
        return l;
    }
}
