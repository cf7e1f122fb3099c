package org.transfer4j.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one featurizer of transfer4j: a frozen network's activations (inference mode) at one or more cuts for a
 * batch, computed in one forward pass that runs only what the cuts need, each cut either as it is or globally
 * average-pooled. {@code Transfer} and the featurize cache, the advisor's LogME scores and the Spark featurizer
 * all call it, so a cut means the same activations everywhere.
 *
 * <p>A graph's cuts are vertex names ({@link GraphCut#below}); a MultiLayerNetwork's are layer names, read with
 * {@code feedForwardToLayer}. Not for two threads at once (a network is not): make one per thread.
 */
public final class Featurizer {
    /** A cut: a vertex (or layer) and whether its activations are globally average-pooled to one vector per image. */
    public record Cut(String vertex, boolean pooled) {
        public Cut {
            if (vertex == null || vertex.isBlank()) {
                throw new IllegalArgumentException("a cut needs a vertex name");
            }
        }

        /** The words a cache key and a log line use: {@code block_12_add} or {@code block_12_add, pooled}. */
        public String describe() {
            return pooled ? vertex + ", pooled" : vertex;
        }
    }

    private final List<Cut> cuts;
    private final boolean channelsLast;
    private final ComputationGraph below;
    private final MultiLayerNetwork layers;
    private final int[] layerIndices;

    private Featurizer(List<Cut> cuts, boolean channelsLast, ComputationGraph below, MultiLayerNetwork layers, int[] layerIndices) {
        this.cuts = List.copyOf(cuts);
        this.channelsLast = channelsLast;
        this.below = below;
        this.layers = layers;
        this.layerIndices = layerIndices;
    }

    /**
     * A featurizer of {@code network} at {@code cuts}; maps are pooled in the layout the network computes them (that
     * of its convolutions). A graph is cut once here (the part below the cuts, parameters copied, its
     * convolution-normalization groups folded for inference by {@link BatchNormFolding}); a MultiLayerNetwork is
     * used as it is.
     */
    public static Featurizer of(Model network, List<Cut> cuts) {
        boolean channelsLast = org.transfer4j.transfer.plan.NetworkLayout.isChannelsLast(network);
        if (cuts == null || cuts.isEmpty()) {
            throw new IllegalArgumentException("at least one cut is needed");
        }
        if (network instanceof ComputationGraph g) {
            List<String> vertices = cuts.stream().map(Cut::vertex).distinct().toList();
            return new Featurizer(cuts, channelsLast, BatchNormFolding.fold(GraphCut.below(g, vertices)), null, null);
        }
        MultiLayerNetwork m = (MultiLayerNetwork) network;
        return new Featurizer(cuts, channelsLast, null, m, layerIndices(m, cuts.stream().map(Cut::vertex).toList()));
    }

    /** The cuts, in the order {@link #apply} answers. */
    public List<Cut> cuts() {
        return cuts;
    }

    /** A graph's part below the cuts (what the Spark featurizer ships to its executors); null for a layer stack. */
    public ComputationGraph frozenPart() {
        return below;
    }

    /** The activations at every cut for {@code batch}, in the order of {@link #cuts()}. */
    public INDArray[] apply(INDArray batch) {
        INDArray[] raw;
        if (below != null) {
            INDArray[] out = below.output(false, batch);
            List<String> vertices = cuts.stream().map(Cut::vertex).distinct().toList();
            raw = cuts.stream().map(c -> out[vertices.indexOf(c.vertex())]).toArray(INDArray[]::new);
        } else {
            // feedForwardToLayer lists the input first, then each layer's activations.
            List<INDArray> acts = layers.feedForwardToLayer(Arrays.stream(layerIndices).max().orElseThrow(), batch, false);
            raw = Arrays.stream(layerIndices).mapToObj(l -> acts.get(l + 1)).toArray(INDArray[]::new);
        }
        INDArray[] a = new INDArray[cuts.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = cuts.get(i).pooled() ? GraphCut.globalAveragePool(raw[i], channelsLast) : raw[i];
        }
        return a;
    }

    /** The indices of the named layers of {@code m} (a name may also be a layer index). */
    static int[] layerIndices(MultiLayerNetwork m, List<String> names) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < m.getnLayers(); i++) {
            all.add(m.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName());
        }
        return names.stream().mapToInt(n -> {
            int i = all.indexOf(n);
            if (i < 0 && n.matches("\\d+") && Integer.parseInt(n) < all.size()) {
                i = Integer.parseInt(n);
            }
            if (i < 0) {
                throw new IllegalArgumentException("no layer '" + n + "' in the network; its layers are " + all);
            }
            return i;
        }).toArray();
    }
}
