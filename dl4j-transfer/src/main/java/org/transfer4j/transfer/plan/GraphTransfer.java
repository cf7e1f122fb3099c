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
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;

/**
 * Applies a {@link TransferPlan} to a ComputationGraph (zoo models, functional Keras) for
 * {@link NetworkTransfer}, through {@link Dl4jTransferLearning}. The classifier and everything after it are
 * replaced by the plan's head; the backbone is frozen through the strategy's vertex; trainable backbone
 * layers get discriminative learning rates; BatchNorm layers follow the plan's policy.
 */
final class GraphTransfer {
    static final String HEAD_HIDDEN = NetworkTransfer.HEAD_HIDDEN;
    static final String HEAD_OUTPUT = NetworkTransfer.HEAD_OUTPUT;
    static final String HEAD_POOL = NetworkTransfer.HEAD_POOL;
    static final String HEAD_NORM = NetworkTransfer.HEAD_NORM;

    private GraphTransfer() {
    }

    /** A new network; {@code source} is not modified. */
    static ComputationGraph apply(ComputationGraph source, VertexNames names, TransferPlan plan) {
        ComputationGraphConfiguration conf = source.getConfiguration();
        for (String v : List.of(names.feature(), names.classifier())) {
            if (!conf.getVertices().containsKey(v)) {
                throw new IllegalArgumentException("vertex '" + v + "' is not in the network; its outputs are "
                        + conf.getNetworkOutputs());
            }
        }
        int blocks = Math.max(0, plan.strategy().unfrozenBlocksAt(0));
        String freeze = Freezing.freezeVertex(plan.strategy(), names, blocks);
        if (freeze != null && !conf.getVertices().containsKey(freeze)) {
            throw new IllegalArgumentException("freeze vertex '" + freeze + "' is not in the network");
        }
        java.util.Set<String> fileFrozen = Freezing.fileFrozen(plan.strategy());
        if (!fileFrozen.isEmpty()) {
            checkFileFreezing(conf, fileFrozen);
        }
        if (plan.batchNorm() == BatchNormPolicy.REQUIRE_FROZEN) {
            refuseTrainableBatchNorm(conf, names, plan);
        }
        Optimizer opt = plan.optimizer();
        String cut = interiorCut(plan.strategy(), names);
        List<String> removals = cut == null ? descendantsInRemovalOrder(conf, names.classifier()) : aboveInRemovalOrder(conf, cut);
        List<NewLayer> head = cut == null
                ? headLayers(plan.head(), opt, names.feature(), featureType(source, names, names.feature()))
                : pooledHead(plan.head(), opt, cut, featureType(source, names, cut));
        ComputationGraph g = Dl4jTransferLearning.editGraph(source,
                new Dl4jTransferLearning.Settings(Updaters.create(opt, opt.learningRate()), opt.weightDecay(), opt.seed()), freeze,
                removals, head, HEAD_OUTPUT);
        Strategy.LastBlocks rates = BackboneRates.of(plan.strategy(), blocks);
        if (rates != null) {
            BackboneRates r = rates(conf.getTopologicalOrderStr(), names, opt, rates);
            for (var e : g.getConfiguration().getVertices().entrySet()) {
                String name = e.getKey();
                if (e.getValue() instanceof LayerVertex lv && isTrainableBackbone(name, lv) && g.getLayer(name).numParams() > 0) {
                    // FineTuneConfiguration hands every layer the same updater instance, so a rate set on one
                    // layer would change them all: each trainable layer gets its own instance.
                    setUpdater(lv.getLayerConf().getLayer(), Updaters.create(opt, r.rate(name)));
                    setUpdater(g.getLayer(name).conf().getLayer(), Updaters.create(opt, r.rate(name)));
                }
                if (e.getValue() instanceof LayerVertex lv && isTrainableBackbone(name, lv) && !fileFrozen.contains(name)) {
                    TrainableBatchNorm.adapt(lv.getLayerConf().getLayer());
                    TrainableBatchNorm.adapt(g.getLayer(name).conf().getLayer());
                }
            }
        }
        if (plan.strategy() instanceof Strategy.Scratch) {
            // Same architecture and per-layer rates, fresh weights from the plan's seed (set on every layer above).
            ComputationGraph fresh = new ComputationGraph(org.transfer4j.zoo.MergeAxes.cloneOf(g.getConfiguration()));
            fresh.init();
            return fresh;
        }
        return fileFrozen.isEmpty() ? g : freezeLayers(g, fileFrozen);
    }

    /**
     * Every layer in {@code frozen} must exist, and no trained layer with parameters may lie below a frozen
     * one: DL4J's FrozenLayer passes no gradient back (and FrozenLayerWithBackprop fails around BatchNorm in
     * M2.1), so such a layer would never learn.
     */
    private static void checkFileFreezing(ComputationGraphConfiguration conf, Set<String> frozen) {
        for (String f : frozen) {
            if (conf.getNetworkInputs().contains(f)) {
                continue;
            }
            if (!conf.getVertices().containsKey(f)) {
                throw new IllegalArgumentException("the file freezes layer '" + f + "', which is not a layer of the network");
            }
            for (String below : ancestors(conf, f)) {
                if (!frozen.contains(below) && conf.getVertices().get(below) instanceof LayerVertex lv
                        && lv.getLayerConf().getLayer().initializer().numParams(lv.getLayerConf()) > 0) {
                    throw new IllegalArgumentException("the file freezes '" + f + "' but trains '" + below + "' below it;"
                            + " DL4J cannot pass gradients through a frozen layer to a trained one, so keeping the file's"
                            + " freezing is possible only when its frozen layers are the bottom of the network; use"
                            + " featureExtraction(vertex) or lastBlocks(n) instead");
                }
            }
        }
    }

    /**
     * {@code g} with the named layers and everything below them frozen (inference mode, no updates, no
     * gradient passed down), as {@code setFeatureExtractor} freezes: layers wrapped as FrozenLayer, parameterless
     * vertices (residual adds, merges) as FrozenVertex, else DL4J's backward pass stops at them ("errors not
     * set"). The check above made sure nothing below holds trained parameters. Parameters carried exactly.
     */
    private static ComputationGraph freezeLayers(ComputationGraph g, Set<String> frozen) {
        ComputationGraphConfiguration conf = org.transfer4j.zoo.MergeAxes.cloneOf(g.getConfiguration());
        Set<String> region = new HashSet<>();
        for (String f : frozen) {
            if (conf.getVertices().containsKey(f)) {
                region.addAll(ancestors(conf, f));
            }
        }
        for (String name : region) {
            org.deeplearning4j.nn.conf.graph.GraphVertex v = conf.getVertices().get(name);
            // Nothing is frozen yet (the plan froze through no vertex); v is null for the network's inputs.
            if (v instanceof LayerVertex lv) {
                FrozenLayer f = new FrozenLayer(lv.getLayerConf().getLayer());
                f.setLayerName(name); // not copied from the inner layer; a reloaded graph needs it
                lv.getLayerConf().setLayer(f);
            } else if (v != null) {
                conf.getVertices().put(name, new org.deeplearning4j.nn.conf.graph.FrozenVertex(v));
            }
        }
        ComputationGraph out = new ComputationGraph(conf);
        out.init(g.params().dup(), false);
        return org.transfer4j.zoo.MergeAxes.repair(g, out);
    }

    /**
     * The same network with the last {@code blocks} blocks trainable: frozen layers above the new
     * boundary are unwrapped and given their block's rate; parameters are carried over exactly.
     */
    static ComputationGraph unfreeze(ComputationGraph current, VertexNames names, TransferPlan plan, int blocks) {
        ComputationGraphConfiguration conf = org.transfer4j.zoo.MergeAxes.cloneOf(current.getConfiguration());
        String freeze = names.freezeVertexForLastBlocks(blocks);
        Set<String> stayFrozen = freeze == null ? Set.of() : ancestors(conf, freeze);
        Optimizer opt = plan.optimizer();
        // The clone has no topological order cached: take it from the network.
        List<String> order = java.util.Arrays.stream(current.topologicalSortOrder())
                .mapToObj(i -> current.getVertices()[i].getVertexName()).toList();
        BackboneRates r = rates(order, names, opt, BackboneRates.of(plan.strategy(), blocks));
        for (var e : conf.getVertices().entrySet()) {
            // Parameterless vertices (element-wise adds, merges) are frozen as FrozenVertex, which passes no
            // gradient back: left wrapped, the layers feeding a residual add would get no epsilon.
            if (e.getValue() instanceof org.deeplearning4j.nn.conf.graph.FrozenVertex fv && !stayFrozen.contains(e.getKey())) {
                e.setValue(fv.getUnderlying());
            }
            if (e.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof FrozenLayer f
                    && !stayFrozen.contains(e.getKey())) {
                org.deeplearning4j.nn.conf.layers.Layer inner = f.getLayer();
                inner.setLayerName(e.getKey());
                setUpdater(inner, Updaters.create(opt, r.rate(e.getKey())));
                TrainableBatchNorm.adapt(inner);
                lv.getLayerConf().setLayer(inner);
            }
        }
        ComputationGraph g = new ComputationGraph(conf);
        g.init(current.params().dup(), false);
        return g;
    }

    private static BackboneRates rates(List<String> order, VertexNames names, Optimizer opt,
                                       Strategy.LastBlocks rates) {
        return new BackboneRates(order.stream().map(List::of).toList(), names.blocks(),
                opt.learningRate(), rates);
    }

    private static boolean isTrainableBackbone(String name, LayerVertex lv) {
        return !name.startsWith("head_") && !(lv.getLayerConf().getLayer() instanceof FrozenLayer)
                && !(lv.getLayerConf().getLayer() instanceof FrozenLayerWithBackprop);
    }

    static void setUpdater(org.deeplearning4j.nn.conf.layers.Layer conf, org.nd4j.linalg.learning.config.IUpdater u) {
        if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base) {
            base.setIUpdater(u);
        }
    }

    /**
     * Feature extraction at a vertex below the feature vertex: the cut itself, where the network ends and the head
     * goes; null for every other strategy (the head goes on the feature vertex).
     */
    static String interiorCut(Strategy s, VertexNames names) {
        return s instanceof Strategy.FeatureExtraction fe && fe.vertex() != null && !fe.vertex().equals(names.feature())
                ? fe.vertex() : null;
    }

    /** Every vertex that is not {@code cut} or below it (the network's inputs aside), deepest first. */
    static List<String> aboveInRemovalOrder(ComputationGraphConfiguration conf, String cut) {
        Set<String> keep = ancestors(conf, cut);
        List<String> topo = conf.getTopologicalOrderStr();
        List<String> out = new java.util.ArrayList<>();
        for (int i = topo.size() - 1; i >= 0; i--) {
            String v = topo.get(i);
            if (!keep.contains(v) && !conf.getNetworkInputs().contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * The head of feature extraction at an interior cut: the cut's activations globally average-pooled (feature maps
     * of any size) and standardised with the training split's statistics ({@link HeadNorm}; both frozen), then the
     * plan's head. Mid-network activations are not ReLU'd and their scales differ by orders of magnitude between
     * blocks: a softmax on them raw underfits (measured in the pretrained study: 0.693 raw, 0.735 standardised at
     * MobileNetV2's block_12_add, K = 100).
     */
    static List<NewLayer> pooledHead(Head head, Optimizer opt, String cut, InputType type) {
        List<NewLayer> layers = new java.util.ArrayList<>();
        String prev = cut;
        long channels = type.arrayElementsPerExample();
        if (type instanceof InputType.InputTypeConvolutional c) {
            int[] spatial = c.getFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC ? new int[] {1, 2} : new int[] {2, 3};
            layers.add(new NewLayer(HEAD_POOL, HeadNorm.frozen(new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(
                    org.deeplearning4j.nn.conf.layers.PoolingType.AVG).poolingDimensions(spatial).build(), HEAD_POOL), null, prev));
            prev = HEAD_POOL;
            channels = c.getChannels();
        }
        layers.add(new NewLayer(HEAD_NORM, HeadNorm.layer(channels), null, prev));
        layers.addAll(headLayers(head, opt, HEAD_NORM, InputType.feedForward(channels)));
        return layers;
    }

    /** {@code vertex} and every vertex it depends on: what setFeatureExtractor(vertex) freezes. */
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

    /**
     * The feature vertex's activation type, from a forward pass of one all-zero example in the layout the
     * network takes. Not from {@code getLayerActivationTypes}: that call re-infers every layer's data
     * format from the input type it is given and so rewrote a channels-last (Keras) graph to NCHW.
     */
    static InputType featureType(ComputationGraph source, VertexNames names) {
        return featureType(source, names, names.feature());
    }

    /** The activation type of {@code vertex}, as {@link #featureType(ComputationGraph, VertexNames)} finds it. */
    static InputType featureType(ComputationGraph source, VertexNames names, String vertex) {
        List<Integer> s = names.inputShape();
        boolean nhwc = isNhwc(source);
        long[] shape = nhwc ? new long[] {1, s.get(1), s.get(2), s.get(0)} : new long[] {1, s.get(0), s.get(1), s.get(2)};
        org.nd4j.linalg.api.ndarray.INDArray a = source.feedForward(
                new org.nd4j.linalg.api.ndarray.INDArray[] {org.nd4j.linalg.factory.Nd4j.zeros(
                        org.nd4j.linalg.api.buffer.DataType.FLOAT, shape)}, false).get(vertex);
        if (a.rank() == 4) {
            return nhwc ? InputType.convolutional(a.size(1), a.size(2), a.size(3), org.deeplearning4j.nn.conf.CNN2DFormat.NHWC)
                    : InputType.convolutional(a.size(2), a.size(3), a.size(1));
        }
        return InputType.feedForward(a.length() / a.size(0));
    }

    /** Whether the graph takes channels-last images: the data format of its first convolution. */
    static boolean isNhwc(ComputationGraph g) {
        for (int i : g.topologicalSortOrder()) {
            if (g.getVertices()[i].getLayer() != null) {
                org.deeplearning4j.nn.conf.layers.Layer l = BatchNormCalibration.unwrap(g.getVertices()[i].getLayer().conf().getLayer());
                if (l instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c) {
                    return c.getCnn2dDataFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC;
                }
            }
        }
        return false;
    }

    private static List<NewLayer> headLayers(Head head, Optimizer opt,
                                                                 String feature, InputType type) {
        InputPreProcessor pre = null;
        long nIn = type.arrayElementsPerExample();
        if (type instanceof InputType.InputTypeConvolutional c) {
            pre = new CnnToFeedForwardPreProcessor(c.getHeight(), c.getWidth(), c.getChannels(), c.getFormat());
        }
        List<NewLayer> layers = new java.util.ArrayList<>();
        String prev = feature;
        if (head.hidden() > 0) {
            DenseLayer.Builder hidden = new DenseLayer.Builder().nIn(nIn).nOut(head.hidden()).activation(Activation.RELU)
                    .weightInit(WeightInit.XAVIER).updater(Updaters.create(opt, opt.learningRate()));
            if (head.dropout() > 0) {
                hidden.dropOut(1 - head.dropout()); // DL4J's p is the probability of keeping an activation
            }
            layers.add(new NewLayer(HEAD_HIDDEN, hidden.build(), pre, prev));
            prev = HEAD_HIDDEN;
            pre = null;
            nIn = head.hidden();
        }
        layers.add(new NewLayer(HEAD_OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(nIn).nOut(head.numClasses()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                .updater(Updaters.create(opt, opt.learningRate())).build(), pre, prev));
        return layers;
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
     * REQUIRE_FROZEN holds for BatchNorm layers in the frozen part (inference mode, bit-identical). Inside
     * trained blocks it would need DL4J's FrozenLayerWithBackprop around BatchNorm, whose backward pass
     * fails in M2.1 (the oneDNN BatchNorm helper finds no variance cached by an inference-mode forward),
     * so that combination is refused here, for the most blocks the strategy will ever train, rather than
     * failing at the first training step or at a later unfreezing.
     */
    private static void refuseTrainableBatchNorm(ComputationGraphConfiguration conf, VertexNames names, TransferPlan plan) {
        String freeze = Freezing.freezeVertex(plan.strategy(), names, Freezing.maxBlocks(plan.strategy(), names));
        Set<String> frozen = plan.strategy() instanceof Strategy.KeepFileFreezing ? Freezing.fileFrozen(plan.strategy())
                : freeze == null ? Set.of() : ancestors(conf, freeze);
        Set<String> removed = new HashSet<>(descendantsInRemovalOrder(conf, names.classifier()));
        List<String> trainableBn = conf.getVertices().entrySet().stream()
                .filter(e -> !frozen.contains(e.getKey()) && !removed.contains(e.getKey()))
                .filter(e -> e.getValue() instanceof LayerVertex lv
                        && BatchNormCalibration.unwrap(lv.getLayerConf().getLayer()) instanceof BatchNormalization)
                .map(Map.Entry::getKey).sorted().toList();
        if (!trainableBn.isEmpty()) {
            throw new IllegalArgumentException(Freezing.refusal(trainableBn));
        }
    }
}
