package org.transfer4j.transfer.plan;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Applies a {@link TransferPlan} to a ComputationGraph (zoo models, functional Keras): the one class
 * that drives DL4J's TransferLearning.GraphBuilder. The classifier and everything after it are
 * replaced by the plan's head; the backbone is frozen through the strategy's vertex; trainable backbone
 * layers get discriminative learning rates; BatchNorm layers follow the plan's policy.
 */
public final class GraphTransfer {
    public static final String HEAD_HIDDEN = "head_hidden";
    public static final String HEAD_OUTPUT = "head_output";

    private GraphTransfer() {
    }

    /** A new network; {@code source} is not modified. */
    public static ComputationGraph apply(ComputationGraph source, VertexNames names, TransferPlan plan) {
        ComputationGraphConfiguration conf = source.getConfiguration();
        for (String v : List.of(names.feature(), names.classifier())) {
            if (!conf.getVertices().containsKey(v)) {
                throw new IllegalArgumentException("vertex '" + v + "' is not in the network; its outputs are "
                        + conf.getNetworkOutputs());
            }
        }
        String freeze;
        if (plan.strategy() instanceof TransferPlan.FeatureExtraction fe) {
            freeze = fe.vertex() != null ? fe.vertex() : names.feature();
        } else {
            freeze = names.freezeVertexForLastBlocks(((TransferPlan.FineTuneLastBlocks) plan.strategy()).blocks());
        }
        TransferPlan.Optimizer opt = plan.optimizer();
        // TransferLearning initialises new layers from ND4J's per-thread RNG without reseeding it.
        Nd4j.getRandom().setSeed(opt.seed());
        FineTuneConfiguration ftc = new FineTuneConfiguration.Builder().updater(new Adam(opt.learningRate()))
                .l2(opt.weightDecay()).seed(opt.seed()).build();
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(source).fineTuneConfiguration(ftc);
        if (freeze != null) {
            b.setFeatureExtractor(freeze);
        }
        for (String v : descendantsInRemovalOrder(conf, names.classifier())) {
            b.removeVertexAndConnections(v);
        }
        addHead(b, plan.head(), opt.learningRate(), names.feature(), featureType(source, names));
        ComputationGraph g = b.setOutputs(HEAD_OUTPUT).build();
        if (plan.batchNorm() == BatchNormPolicy.FROZEN) {
            refuseTrainableBatchNorm(g);
        }
        if (plan.strategy() instanceof TransferPlan.FineTuneLastBlocks ft) {
            setDiscriminativeRates(g, conf, names, ft, opt.learningRate());
        }
        return g;
    }

    private static InputType featureType(ComputationGraph source, VertexNames names) {
        List<Integer> s = names.inputShape();
        return source.getConfiguration().getLayerActivationTypes(InputType.convolutional(s.get(1), s.get(2), s.get(0)))
                .get(names.feature());
    }

    private static void addHead(TransferLearning.GraphBuilder b, TransferPlan.Head head, double lr, String feature,
                                InputType type) {
        InputPreProcessor pre = null;
        long nIn = type.arrayElementsPerExample();
        if (type instanceof InputType.InputTypeConvolutional c) {
            pre = new CnnToFeedForwardPreProcessor(c.getHeight(), c.getWidth(), c.getChannels(), c.getFormat());
        }
        String prev = feature;
        if (head.hidden() > 0) {
            DenseLayer.Builder hidden = new DenseLayer.Builder().nIn(nIn).nOut(head.hidden()).activation(Activation.RELU)
                    .weightInit(WeightInit.XAVIER).updater(new Adam(lr));
            if (head.dropout() > 0) {
                hidden.dropOut(1 - head.dropout()); // DL4J's p is the probability of keeping an activation
            }
            b.addLayer(HEAD_HIDDEN, hidden.build(), pre, prev);
            prev = HEAD_HIDDEN;
            pre = null;
            nIn = head.hidden();
        }
        b.addLayer(HEAD_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(head.numClasses())
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).updater(new Adam(lr)).build(), pre, prev);
    }

    /** The classifier and every vertex fed by it, deepest first, so each removal leaves a valid graph. */
    static List<String> descendantsInRemovalOrder(ComputationGraphConfiguration conf, String classifier) {
        Map<String, List<String>> consumers = new HashMap<>();
        conf.getVertexInputs().forEach((v, ins) -> ins.forEach(in -> consumers.computeIfAbsent(in, k -> new java.util.ArrayList<>()).add(v)));
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(classifier));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(consumers.getOrDefault(v, List.of()));
            }
        }
        List<String> topo = conf.getTopologicalOrderStr();
        return topo.stream().filter(seen::contains).sorted((a, c) -> Integer.compare(topo.indexOf(c), topo.indexOf(a))).toList();
    }

    /**
     * FROZEN holds for BatchNorm layers in the frozen part (inference mode, bit-identical). Inside
     * trained blocks it would need DL4J's FrozenLayerWithBackprop around BatchNorm, whose backward pass
     * fails in M2.1 (the oneDNN BatchNorm helper finds no variance cached by an inference-mode forward),
     * so that combination is refused here rather than failing at the first training step.
     */
    private static void refuseTrainableBatchNorm(ComputationGraph g) {
        List<String> trainableBn = g.getConfiguration().getVertices().entrySet().stream()
                .filter(e -> e.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization)
                .map(Map.Entry::getKey).sorted().toList();
        if (!trainableBn.isEmpty()) {
            throw new IllegalArgumentException("BatchNormPolicy.FROZEN with BatchNorm layers in the trained blocks "
                    + trainableBn.subList(0, Math.min(3, trainableBn.size())) + (trainableBn.size() > 3 ? "..." : "")
                    + " cannot run on DL4J 1.0.0-M2.1 (FrozenLayerWithBackprop fails in BatchNorm's backward pass); use"
                    + " BatchNormPolicy.TRAINABLE, or freeze through a later vertex");
        }
    }

    /**
     * Head rate x factor x decay^depth, where depth counts blocks below the top block; layers after the
     * last block boundary count as the top block.
     */
    private static void setDiscriminativeRates(ComputationGraph g, ComputationGraphConfiguration source, VertexNames names,
                                               TransferPlan.FineTuneLastBlocks ft, double headRate) {
        Map<String, Integer> blockOf = new HashMap<>();
        int block = 0;
        for (String v : source.getTopologicalOrderStr()) {
            blockOf.put(v, Math.min(block, names.blocks().size() - 1));
            if (names.blocks().contains(v)) {
                block++;
            }
        }
        int top = Math.max(0, names.blocks().size() - 1);
        // Layers after the last boundary (pooling, flatten) belong to the top block.
        for (var e : g.getConfiguration().getVertices().entrySet()) {
            String name = e.getKey();
            if (!(e.getValue() instanceof LayerVertex lv) || name.startsWith("head_")
                    || lv.getLayerConf().getLayer() instanceof FrozenLayer
                    || lv.getLayerConf().getLayer() instanceof FrozenLayerWithBackprop
                    || g.getLayer(name).numParams() == 0) {
                continue;
            }
            int depth = Math.max(0, top - blockOf.getOrDefault(name, top));
            double rate = headRate * ft.backboneRateFactor() * Math.pow(ft.perBlockDecay(), depth);
            // FineTuneConfiguration hands every layer the same updater instance, so a rate set on one
            // layer would change them all: each trainable layer gets its own copy first.
            for (org.deeplearning4j.nn.conf.layers.Layer conf : List.of(lv.getLayerConf().getLayer(), g.getLayer(name).conf().getLayer())) {
                if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base) {
                    org.nd4j.linalg.learning.config.IUpdater own = base.getIUpdater().clone();
                    own.setLrAndSchedule(rate, null);
                    base.setIUpdater(own);
                }
            }
        }
    }

    /** The learning rate a layer will train with (null for frozen or parameterless layers). */
    public static Double learningRate(ComputationGraph g, String layer) {
        var l = g.getLayer(layer);
        if (l == null || l.numParams() == 0 || l instanceof org.deeplearning4j.nn.layers.FrozenLayer
                || l.conf().getLayer() instanceof FrozenLayer) {
            return null;
        }
        return g.getLearningRate(layer);
    }
}
