package org.transfer4j.transfer.plan;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The one entry point that turns a pretrained network and a {@link TransferPlan} into a network ready
 * to train: ComputationGraphs (zoo models, functional Keras) and MultiLayerNetworks (Sequential Keras,
 * LeNet) alike. Nothing else in transfer4j calls DL4J's TransferLearning builders.
 */
public final class NetworkTransfer {
    /** Names of the layers of the new head. */
    public static final String HEAD_HIDDEN = "head_hidden";
    public static final String HEAD_OUTPUT = "head_output";

    private NetworkTransfer() {
    }

    /**
     * A new network: the classifier and everything after it replaced by the plan's head, the backbone
     * frozen as the strategy says for its first epoch, discriminative rates on the trained backbone
     * layers, the BatchNorm policy checked. {@code source} is not modified.
     */
    public static Model apply(Model source, VertexNames names, TransferPlan plan) {
        if (source instanceof ComputationGraph g) {
            return GraphTransfer.apply(g, names, plan);
        }
        if (source instanceof MultiLayerNetwork n) {
            return LayerTransfer.apply(n, names, plan);
        }
        throw new IllegalArgumentException("cannot apply a plan to a " + source.getClass().getName()
                + "; expected a ComputationGraph or a MultiLayerNetwork");
    }

    /**
     * {@code current} (a network made by {@link #apply}) with the last {@code blocks} blocks trainable,
     * for gradual unfreezing. Parameters, iteration and epoch counts carry over exactly; the optimiser
     * state starts afresh (see {@link TransferPlan.GradualUnfreezing}).
     */
    public static Model unfreeze(Model current, VertexNames names, TransferPlan plan, int blocks) {
        if (current instanceof ComputationGraph g) {
            return GraphTransfer.unfreeze(g, names, plan, blocks);
        }
        return LayerTransfer.unfreeze((MultiLayerNetwork) current, names, plan, blocks);
    }

    /** A layer to add to a graph: its name, configuration, optional input preprocessor and inputs. */
    public record NewLayer(String name, Layer layer, org.deeplearning4j.nn.conf.InputPreProcessor preProcessor,
                           String... inputs) {
    }

    /**
     * A copy of {@code g} with {@code layers} added and {@code outputs} as its outputs (for example a
     * domain classifier beside the head); every existing parameter is kept.
     */
    public static ComputationGraph addLayers(ComputationGraph g, java.util.List<NewLayer> layers, String... outputs) {
        org.deeplearning4j.nn.transferlearning.TransferLearning.GraphBuilder b =
                new org.deeplearning4j.nn.transferlearning.TransferLearning.GraphBuilder(g);
        for (NewLayer l : layers) {
            b.addLayer(l.name(), l.layer(), l.preProcessor(), l.inputs());
        }
        return b.setOutputs(outputs).build();
    }

    /** The study's head replacement on a MultiLayerNetwork (see {@code HeadReplacement}). */
    public static MultiLayerNetwork replaceHead(MultiLayerNetwork source, Layer head, IUpdater backboneUpdater, double l2,
                                                int freezeThrough, long seed) {
        return LayerTransfer.replaceHead(source, head, backboneUpdater, l2, freezeThrough, seed);
    }

    /** The learning rate a layer will train with; null for frozen or parameterless layers. */
    public static Double learningRate(Model net, String layer) {
        org.deeplearning4j.nn.api.Layer l = net instanceof ComputationGraph g ? g.getLayer(layer)
                : ((MultiLayerNetwork) net).getLayer(LayerTransfer.indexOf((MultiLayerNetwork) net, layer));
        if (l == null || l.numParams() == 0 || l instanceof org.deeplearning4j.nn.layers.FrozenLayer
                || l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer) {
            return null;
        }
        return net instanceof ComputationGraph g ? g.getLearningRate(layer)
                : ((MultiLayerNetwork) net).getLearningRate(LayerTransfer.indexOf((MultiLayerNetwork) net, layer));
    }

    /** Whether a layer (by name, or index for a MultiLayerNetwork) is frozen. */
    public static boolean isFrozen(Model net, String layer) {
        org.deeplearning4j.nn.api.Layer l = net instanceof ComputationGraph g ? g.getLayer(layer)
                : ((MultiLayerNetwork) net).getLayer(LayerTransfer.indexOf((MultiLayerNetwork) net, layer));
        return l instanceof org.deeplearning4j.nn.layers.FrozenLayer;
    }
}
