package org.transfer4j.transfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.transfer.plan.NewLayer;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.zoo.MergeAxes;

/**
 * A ComputationGraph cut at one vertex: the activations at any vertices of the part below, and the
 * part above as a graph of its own whose input is the cut's activation.
 *
 * <p>Replaces DL4J's {@code TransferLearningHelper} where the cut is chosen by the caller instead of by
 * the frozen layers: that helper makes every frozen vertex that feeds a trainable one an input of its
 * own (InceptionV3 cut at {@code mixed8} became a graph with three inputs), and it runs the whole network
 * to featurize, so a network whose head only fits one input size (a fixed 7x7 pooling) cannot be
 * featurized at another size. Here a cut is a single vertex through which everything above it reads the
 * part below, and featurizing computes only what the requested activations need ({@link #below}).
 */
public final class GraphCut {
    private GraphCut() {
    }

    /** A skip connection crosses the cut: the cut's activation alone does not determine the part above. */
    public static final class NotASingleCut extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotASingleCut(String message) {
            super(message);
        }
    }

    /**
     * The activations (inference mode) at {@code vertices} for one input batch, in that order, detached.
     * Builds a {@link #below} graph for the call: to featurize many batches, build it once.
     */
    public static INDArray[] activations(ComputationGraph g, List<String> vertices, INDArray input) {
        return below(g, vertices).output(false, input);
    }

    /**
     * The part of {@code g} that {@code vertices} depend on, as a graph of its own whose outputs are their
     * activations, in that order (parameters copied). Its {@code output(false, batch)} computes nothing else.
     *
     * <p>Why not DL4J's own calls: in M2.1 {@code output(List, ...)} fails when a requested vertex is a merge
     * (InceptionV3's block outputs), leaving a workspace open that breaks every later call on the thread, and
     * {@code feedForward(input, layerTillIndex, train)} takes a layer index, so it cannot stop at a merge or an
     * add, and the full {@code feedForward} runs the head, which may not fit the input size (nsfwjs'
     * fixed 7 x 7 pooling at 96 x 96 input).
     */
    public static ComputationGraph below(ComputationGraph g, List<String> vertices) {
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
        ComputationGraphConfiguration conf = g.getConfiguration();
        Set<String> needed = new HashSet<>();
        for (String v : vertices) {
            requireVertex(conf, v);
            needed.addAll(ancestors(conf, v));
        }
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .dataType(g.params().dataType()).graphBuilder().addInputs(conf.getNetworkInputs().toArray(String[]::new));
        List<String> part = new ArrayList<>();
        for (String v : conf.getTopologicalOrderStr()) {
            if (needed.contains(v) && !conf.getNetworkInputs().contains(v)) {
                b.addVertex(v, conf.getVertices().get(v).clone(), conf.getVertexInputs().get(v).toArray(String[]::new));
                part.add(v);
            }
        }
        // Identity layers as the outputs: a requested vertex may also feed another requested one.
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < vertices.size(); i++) {
            String name = "activation_" + i + "_" + vertices.get(i);
            b.addLayer(name, new org.deeplearning4j.nn.conf.layers.ActivationLayer(
                    org.nd4j.linalg.activations.Activation.IDENTITY), vertices.get(i));
            outputs.add(name);
        }
        return copyOf(g, b.setOutputs(outputs.toArray(String[]::new)).build(), part);
    }

    /**
     * The vertices strictly above {@code cut} that {@code top} needs, in topological order. Refused
     * (naming the vertex) when one of them reads a vertex below the cut other than the cut itself: then
     * the cut's activation alone does not determine the part above.
     */
    public static List<String> between(ComputationGraphConfiguration conf, String cut, String top) {
        requireVertex(conf, cut);
        requireVertex(conf, top);
        Set<String> below = ancestors(conf, cut);
        Set<String> needed = ancestors(conf, top);
        if (!needed.contains(cut) || cut.equals(top)) {
            throw new IllegalArgumentException("vertex '" + top + "' is not above the cut '" + cut + "'");
        }
        List<String> order = new ArrayList<>();
        for (String v : conf.getTopologicalOrderStr()) {
            if (needed.contains(v) && !below.contains(v)) {
                for (String in : conf.getVertexInputs().getOrDefault(v, List.of())) {
                    if (below.contains(in) && !in.equals(cut)) {
                        throw new NotASingleCut("'" + cut + "' is not a single cut: vertex '" + v
                                + "' above it also reads '" + in + "' below it; choose a block output every later vertex"
                                + " reads through");
                    }
                }
                order.add(v);
            }
        }
        return order;
    }

    /**
     * The part of {@code g} from just above {@code cut} up to {@code top}, followed by {@code head}, as a
     * new graph whose one input is named {@code cut}; the copied vertices keep their names, configurations
     * (merge axes included) and parameters (copied, not shared). {@code head}'s first layer reads
     * {@code top} (or the cut itself when {@code top} is null: a head directly on the cut).
     */
    public static ComputationGraph above(ComputationGraph g, String cut, String top, List<NewLayer> head, long seed) {
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
        ComputationGraphConfiguration conf = g.getConfiguration();
        List<String> part = top == null ? List.of() : between(conf, cut, top);
        if (top == null) {
            requireVertex(conf, cut);
        }
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(g.params().dataType()).graphBuilder().addInputs(cut);
        for (String v : part) {
            b.addVertex(v, conf.getVertices().get(v).clone(), conf.getVertexInputs().get(v).toArray(String[]::new));
        }
        for (NewLayer l : head) {
            b.addLayer(l.name(), l.layer(), l.preProcessor(), l.inputs());
        }
        return copyOf(g, b.setOutputs(head.get(head.size() - 1).name()).build(), part);
    }

    /**
     * Everything of {@code g} above {@code cut}, outputs included, as a new graph whose one input is named
     * {@code cut}; vertices keep their names, configurations and (copied) parameters. Refused, naming the vertex,
     * when a vertex above reads one below the cut other than the cut itself (a skip connection across it).
     */
    public static ComputationGraph rest(ComputationGraph g, String cut) {
        CpuHelpers.ensureConfigured();
        ComputationGraphConfiguration conf = g.getConfiguration();
        requireVertex(conf, cut);
        Set<String> below = ancestors(conf, cut);
        List<String> part = new ArrayList<>();
        for (String v : conf.getTopologicalOrderStr()) {
            if (below.contains(v) || conf.getNetworkInputs().contains(v)) {
                continue;
            }
            for (String in : conf.getVertexInputs().getOrDefault(v, List.of())) {
                if (below.contains(in) && !in.equals(cut)) {
                    throw new NotASingleCut("vertex '" + v + "' reads '" + in + "' below the cut '" + cut
                            + "': the cut's activation alone does not determine the part above");
                }
            }
            part.add(v);
        }
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .dataType(g.params().dataType()).graphBuilder().addInputs(cut);
        for (String v : part) {
            b.addVertex(v, conf.getVertices().get(v).clone(), conf.getVertexInputs().get(v).toArray(String[]::new));
        }
        return copyOf(g, b.setOutputs(conf.getNetworkOutputs().toArray(String[]::new)).build(), part);
    }

    /** A graph of {@code built}, with merge axes from {@code g} and the parameters of {@code part} copied from it. */
    private static ComputationGraph copyOf(ComputationGraph g, ComputationGraphConfiguration built, List<String> part) {
        ComputationGraphConfiguration conf = g.getConfiguration();
        MergeAxes.restore(conf, built); // GraphVertex.clone() of a MergeVertex forgets its axis in M2.1
        ComputationGraph out = new ComputationGraph(built);
        out.init();
        for (String v : part) {
            if (conf.getVertices().get(v) instanceof LayerVertex && g.getLayer(v).numParams() > 0) {
                out.getLayer(v).setParams(g.getLayer(v).params().dup());
            }
        }
        return out;
    }

    /**
     * Global average pooling of a batch of feature maps ([n, h, w, c] when {@code channelsLast}, else [n, c, h, w])
     * to [n, c]; activations of any other rank come back as [n, features].
     */
    public static INDArray globalAveragePool(INDArray a, boolean channelsLast) {
        if (a.rank() == 4) {
            return channelsLast ? a.mean(1, 2) : a.mean(2, 3);
        }
        return a.reshape(a.size(0), a.length() / a.size(0));
    }

    /** Parameters of every layer of {@code g} that has any, by name (copies): to carry them into another graph. */
    public static Map<String, INDArray> parameters(ComputationGraph g) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            if (l.numParams() > 0) {
                m.put(l.conf().getLayer().getLayerName(), l.params().dup());
            }
        }
        return m;
    }

    /** Sets the parameters of every layer of {@code g} named in {@code params}; returns how many were set. */
    public static int setParameters(ComputationGraph g, Map<String, INDArray> params) {
        int n = 0;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            if (g.getConfiguration().getVertices().get(e.getKey()) instanceof LayerVertex) {
                g.getLayer(e.getKey()).setParams(e.getValue());
                n++;
            }
        }
        return n;
    }

    private static void requireVertex(ComputationGraphConfiguration conf, String v) {
        if (!conf.getVertices().containsKey(v) && !conf.getNetworkInputs().contains(v)) {
            throw new IllegalArgumentException("vertex '" + v + "' is not in the network");
        }
    }

    /** {@code vertex} and every vertex it depends on. */
    static Set<String> ancestors(ComputationGraphConfiguration conf, String vertex) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(vertex));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(conf.getVertexInputs().getOrDefault(v, List.of()));
            }
        }
        return seen;
    }
}
