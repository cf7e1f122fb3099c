package org.transfer4j.transfer.plan;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.transfer4j.transfer.GraphCut;
import org.transfer4j.zoo.MergeAxes;

/**
 * The one class that drives DL4J's {@code TransferLearning} builders and {@code TransferLearningHelper}
 * (the layering test holds every other class to that). It hides their overloads behind three
 * operations (edit a graph, edit a layer stack, train a graph's top on featurized input) and repairs
 * what they get wrong:
 * <ul>
 *   <li>the builders initialise added layers from ND4J's per-thread RNG without reseeding it, so the
 *       same plan gave other head weights on another thread: the RNG is seeded from the plan first;</li>
 *   <li>{@code FineTuneConfiguration} hands every layer one updater instance, so a rate set on one
 *       layer would change them all: callers set per-layer updaters after the build;</li>
 *   <li>the builders and the helper clone the configuration, and {@code MergeVertex.clone()} forgets the
 *       merge axis: channels-last graphs with a Concatenate broke ({@link MergeAxes} restores it).</li>
 * </ul>
 */
public final class Dl4jTransferLearning {
    private Dl4jTransferLearning() {
    }

    /** The fine-tune settings applied to every kept layer; null to keep each layer's own. */
    public record Settings(IUpdater updater, double l2, long seed) {
        FineTuneConfiguration toDl4j() {
            return new FineTuneConfiguration.Builder().updater(updater).l2(l2).seed(seed).build();
        }
    }

    /**
     * A copy of {@code source}: everything through {@code freezeVertex} frozen (null: nothing), the
     * {@code remove} vertices gone (deepest first), {@code add} added, {@code outputs} the outputs.
     */
    public static ComputationGraph editGraph(ComputationGraph source, Settings settings, String freezeVertex,
                                             List<String> remove, List<? extends GraphAddition> add, String... outputs) {
        if (settings != null) {
            Nd4j.getRandom().setSeed(settings.seed());
        }
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(source);
        if (settings != null) {
            b.fineTuneConfiguration(settings.toDl4j());
        }
        if (freezeVertex != null) {
            b.setFeatureExtractor(freezeVertex);
        }
        for (String v : remove) {
            b.removeVertexAndConnections(v);
        }
        for (GraphAddition a : add) {
            if (a instanceof NewLayer l) {
                b.addLayer(l.name(), l.layer(), l.preProcessor(), l.inputs());
            } else {
                b.addVertex(a.name(), ((NewVertex) a).vertex(), a.inputs());
            }
        }
        return MergeAxes.repair(source, b.setOutputs(outputs).build());
    }

    /**
     * A copy of {@code source} with its last {@code removeFromOutput} layers replaced by {@code add}
     * (with {@code preProcessors} by final layer index) and layers 0..{@code freezeThrough} frozen (-1: none).
     */
    public static MultiLayerNetwork editLayers(MultiLayerNetwork source, Settings settings, int removeFromOutput,
                                               List<Layer> add, Map<Integer, InputPreProcessor> preProcessors,
                                               int freezeThrough) {
        Nd4j.getRandom().setSeed(settings.seed());
        TransferLearning.Builder b = new TransferLearning.Builder(source).fineTuneConfiguration(settings.toDl4j())
                .removeLayersFromOutput(removeFromOutput);
        for (Layer l : add) {
            b.addLayer(l);
        }
        preProcessors.forEach(b::setInputPreProcessor);
        if (freezeThrough >= 0) {
            b.setFeatureExtractor(freezeThrough);
        }
        return b.build();
    }

    /**
     * Trains the unfrozen top of a graph on the activations at its frozen boundary (computed once, see
     * the featurize cache) instead of running the frozen part every step.
     */
    public static final class GraphTop {
        private final ComputationGraph network;
        private final TransferLearningHelper helper;
        private ComputationGraph frozenPart;
        private final ComputationGraph top;

        public GraphTop(ComputationGraph network) {
            this.network = network;
            this.helper = new TransferLearningHelper(network);
            MergeAxes.repair(network, helper.unfrozenGraph()); // the helper builds its graph from a clone
            this.top = null;
        }

        /**
         * Split at {@code boundary} without DL4J's helper, which takes only FrozenLayers as frozen: below a merge or a
         * residual add (parameterless vertices) it cuts at the vertex's several inputs, a top it cannot train from a
         * DataSet, and on InceptionV3 it leaves merge vertices disconnected and fails. Here the frozen part is
         * everything {@code boundary} depends on and the top everything else ({@link GraphCut#rest}), refused when
         * a skip connection crosses the boundary.
         */
        public GraphTop(ComputationGraph network, String boundary) {
            this.network = network;
            this.helper = null;
            this.frozenPart = GraphCut.below(network, List.of(boundary));
            this.top = GraphCut.rest(network, boundary);
        }

        /**
         * The activations at the frozen boundary for a raw batch, with its labels. Computed by the frozen part
         * alone ({@link GraphCut#below}): DL4J's {@code TransferLearningHelper.featurize} runs the whole graph,
         * the unfrozen top included, and keeps every vertex's activations to pick the boundary's out of them.
         * Built at the first call, from the frozen weights as they are then (they never change).
         */
        public DataSet featurize(DataSet raw) {
            if (helper == null) {
                return new DataSet(frozenPart.output(false, raw.getFeatures())[0], raw.getLabels(), null, raw.getLabelsMaskArray());
            }
            List<String> boundary = helper.unfrozenGraph().getConfiguration().getNetworkInputs();
            if (boundary.size() != 1 || network.getConfiguration().getNetworkInputs().contains(boundary.get(0))) {
                return helper.featurize(raw); // several boundary vertices, or nothing frozen before the top
            }
            if (frozenPart == null) {
                frozenPart = GraphCut.below(network, boundary);
            }
            INDArray a = frozenPart.output(false, raw.getFeatures())[0];
            return new DataSet(a, raw.getLabels(), null, raw.getLabelsMaskArray());
        }

        public void fit(DataSet featurized) {
            if (helper == null) {
                top.fit(featurized);
            } else {
                helper.fitFeaturized(featurized);
            }
        }

        public INDArray output(INDArray featurized) {
            return helper == null ? top.output(false, featurized)[0] : helper.outputFromFeaturized(featurized);
        }

        /** The trainable top as its own graph (input: featurized activations). */
        public ComputationGraph top() {
            return helper == null ? top : helper.unfrozenGraph();
        }
    }
}
