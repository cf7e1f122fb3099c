package org.transfer4j.transfer.plan;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * The one entry point that turns a pretrained network and a {@link TransferPlan} into a network ready
 * to train: ComputationGraphs (zoo models, functional Keras) and MultiLayerNetworks (Sequential Keras,
 * LeNet) alike. DL4J's TransferLearning builders are reached only through {@link Dl4jTransferLearning}.
 */
public final class NetworkTransfer {
    /** Names of the layers of the new head. */
    public static final String HEAD_HIDDEN = "head_hidden";
    public static final String HEAD_OUTPUT = "head_output";
    /** A cut's head: global average pooling of feature maps, then standardisation. */
    public static final String HEAD_POOL = "head_pool";
    public static final String HEAD_NORM = "head_norm";

    private NetworkTransfer() {
    }

    /**
     * A new network: the classifier and everything after it replaced by the plan's head, the backbone
     * frozen as the strategy says for its first epoch, discriminative rates on the trained backbone
     * layers, the BatchNorm policy checked. {@code source} is not modified.
     */
    public static Model apply(Model source, VertexNames names, TransferPlan plan) {
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
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
     * state starts afresh (see {@link Strategy.Gradual}).
     */
    public static Model unfreeze(Model current, VertexNames names, TransferPlan plan, int blocks) {
        if (current instanceof ComputationGraph g) {
            return GraphTransfer.unfreeze(g, names, plan, blocks);
        }
        return LayerTransfer.unfreeze((MultiLayerNetwork) current, names, plan, blocks);
    }

    /**
     * The vertex (or layer) a strategy freezes through while the last {@code unfrozenBlocks} blocks train (feature
     * extraction: its cut or the feature vertex); null when nothing is frozen through a vertex.
     */
    public static String freezeVertex(Strategy s, VertexNames names, int unfrozenBlocks) {
        return Freezing.freezeVertex(s, names, unfrozenBlocks);
    }

    /**
     * A copy of {@code g} with {@code layers} (and vertices) added, in order, and {@code outputs} as its outputs (for
     * example a domain classifier beside the head); every existing parameter is kept.
     */
    public static ComputationGraph addLayers(ComputationGraph g, java.util.List<? extends GraphAddition> layers,
                                             String... outputs) {
        return Dl4jTransferLearning.editGraph(g, null, null, java.util.List.of(), layers, outputs);
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
