package org.transfer4j.transfer.plan;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;

/**
 * Applies a {@link TransferPlan} to a MultiLayerNetwork (Sequential Keras, LeNet, the study's source
 * network) for {@link NetworkTransfer}, through {@link Dl4jTransferLearning}, with layers named by
 * their layer name or by index ("7").
 */
final class LayerTransfer {
    private LayerTransfer() {
    }

    /**
     * The index of the last layer the file freezes, when its frozen layers are the bottom of the network
     * (every layer with parameters up to it); otherwise refused, naming the trained layer below a frozen one.
     */
    static int frozenPrefix(MultiLayerNetwork source, java.util.Set<String> frozen) {
        int last = -1;
        for (int i = 0; i < source.getnLayers(); i++) {
            // Keras layers DL4J imports as preprocessors or drops (Flatten, InputLayer) hold nothing to freeze.
            if (frozen.contains(name(source, i))) {
                last = i;
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("none of the layers the file freezes " + frozen + " is a layer of the network");
        }
        for (int i = 0; i <= last; i++) {
            if (source.getLayer(i).numParams() > 0 && !frozen.contains(name(source, i))) {
                throw new IllegalArgumentException("the file freezes '" + name(source, last) + "' but trains '"
                        + name(source, i) + "' below it; DL4J cannot pass gradients through a frozen layer to a trained"
                        + " one, so keeping the file's freezing is possible only when its frozen layers are the bottom of"
                        + " the network; use featureExtraction(layer) or lastBlocks(n) instead");
            }
        }
        return last;
    }

    static MultiLayerNetwork apply(MultiLayerNetwork source, VertexNames names, TransferPlan plan) {
        int classifier = indexOf(source, names.classifier());
        int featureLayer = indexOf(source, names.feature());
        if (plan.strategy() instanceof Strategy.FeatureExtraction fe && fe.vertex() != null) {
            int at = indexOf(source, fe.vertex());
            if (at < featureLayer) {
                return cut(source, names, plan, at);
            }
        }
        int blocks = Math.max(0, plan.strategy().unfrozenBlocksAt(0));
        String freezeName = Freezing.freezeVertex(plan.strategy(), names, blocks);
        int freeze = freezeName == null ? -1 : indexOf(source, freezeName);
        java.util.Set<String> fileFrozen = Freezing.fileFrozen(plan.strategy());
        if (!fileFrozen.isEmpty()) {
            freeze = frozenPrefix(source, fileFrozen);
            freezeName = name(source, freeze);
        }
        if (freeze >= classifier) {
            throw new IllegalArgumentException("freeze layer '" + freezeName + "' (index " + freeze
                    + ") is at or after the classifier '" + names.classifier() + "' (index " + classifier + ")");
        }
        if (plan.batchNorm() == BatchNormPolicy.REQUIRE_FROZEN) {
            String maxName = Freezing.freezeVertex(plan.strategy(), names, Freezing.maxBlocks(plan.strategy(), names));
            int maxFreeze = !fileFrozen.isEmpty() ? freeze : maxName == null ? -1 : indexOf(source, maxName);
            List<String> bn = new ArrayList<>();
            for (int i = maxFreeze + 1; i < classifier; i++) {
                if (BatchNormCalibration.unwrap(layerConf(source, i)) instanceof BatchNormalization) {
                    bn.add(name(source, i));
                }
            }
            if (!bn.isEmpty()) {
                throw new IllegalArgumentException(Freezing.refusal(bn));
            }
        }
        Optimizer opt = plan.optimizer();
        INDArray feature = featureOutput(source, names, classifier - 1);
        List<Layer> head = headLayers(plan, feature.length() / feature.size(0));
        java.util.Map<Integer, org.deeplearning4j.nn.conf.InputPreProcessor> pre = new java.util.HashMap<>();
        if (feature.rank() == 4) {
            boolean nhwc = isNhwc(source);
            long c = feature.size(nhwc ? 3 : 1);
            long h = feature.size(nhwc ? 1 : 2);
            long w = feature.size(nhwc ? 2 : 3);
            pre.put(classifier, new CnnToFeedForwardPreProcessor(h, w, c, nhwc ? CNN2DFormat.NHWC : CNN2DFormat.NCHW));
        }
        MultiLayerNetwork net = Dl4jTransferLearning.editLayers(source,
                new Dl4jTransferLearning.Settings(Updaters.create(opt, opt.learningRate()), opt.weightDecay(), opt.seed()),
                source.getnLayers() - classifier, head, pre, freeze);
        Strategy.LastBlocks rates = BackboneRates.of(plan.strategy(), blocks);
        if (rates != null) {
            BackboneRates r = rates(source, names, opt, rates);
            for (int i = freeze + 1; i < classifier; i++) {
                if (net.getLayer(i).numParams() > 0) {
                    // Each trainable layer gets its own updater instance (FineTuneConfiguration shares one).
                    GraphTransfer.setUpdater(net.getLayerWiseConfigurations().getConf(i).getLayer(), Updaters.create(opt, r.rate(name(source, i))));
                    GraphTransfer.setUpdater(net.getLayer(i).conf().getLayer(), Updaters.create(opt, r.rate(name(source, i))));
                    TrainableBatchNorm.adapt(net.getLayerWiseConfigurations().getConf(i).getLayer());
                    TrainableBatchNorm.adapt(net.getLayer(i).conf().getLayer());
                }
            }
        }
        if (plan.strategy() instanceof Strategy.Scratch) {
            // Same architecture and per-layer rates, fresh weights from the plan's seed (set on every layer above).
            MultiLayerNetwork fresh = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
            fresh.init();
            return fresh;
        }
        return net;
    }

    /** The plan's head on {@code nIn} inputs: an optional hidden ReLU layer with dropout, then the softmax. */
    private static List<Layer> headLayers(TransferPlan plan, long nIn) {
        Optimizer opt = plan.optimizer();
        List<Layer> head = new ArrayList<>();
        long in = nIn;
        if (plan.head().hidden() > 0) {
            DenseLayer.Builder hidden = new DenseLayer.Builder().name(NetworkTransfer.HEAD_HIDDEN).nIn(in)
                    .nOut(plan.head().hidden()).activation(Activation.RELU).weightInit(WeightInit.XAVIER)
                    .updater(Updaters.create(opt, opt.learningRate()));
            if (plan.head().dropout() > 0) {
                hidden.dropOut(1 - plan.head().dropout()); // DL4J's p is the probability of keeping an activation
            }
            head.add(hidden.build());
            in = plan.head().hidden();
        }
        head.add(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name(NetworkTransfer.HEAD_OUTPUT).nIn(in)
                .nOut(plan.head().numClasses()).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                .updater(Updaters.create(opt, opt.learningRate())).build());
        return head;
    }

    /**
     * Feature extraction at a layer below the feature layer, as on a graph: the network ends at layer {@code at}
     * (frozen, with everything below it) and a new head reads its activations, globally average-pooled when they are
     * feature maps and standardised with the training split's statistics ({@link HeadNorm}), then the plan's head. Before, the layers
     * between the cut and the classifier trained at the head rate, which is fine-tuning under another name.
     */
    static MultiLayerNetwork cut(MultiLayerNetwork source, VertexNames names, TransferPlan plan, int at) {
        Optimizer opt = plan.optimizer();
        INDArray a = featureOutput(source, names, at);
        List<Layer> head = new ArrayList<>();
        long channels;
        if (a.rank() == 4) {
            boolean nhwc = isNhwc(source);
            channels = a.size(nhwc ? 3 : 1);
            head.add(HeadNorm.frozen(new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(
                    org.deeplearning4j.nn.conf.layers.PoolingType.AVG).name(NetworkTransfer.HEAD_POOL)
                    .poolingDimensions(nhwc ? new int[] {1, 2} : new int[] {2, 3}).build(), NetworkTransfer.HEAD_POOL));
        } else if (a.rank() == 2) {
            channels = a.size(1);
        } else {
            throw new IllegalArgumentException("feature extraction at layer '" + name(source, at) + "': its activations have"
                    + " rank " + a.rank() + "; a cut needs feature maps or a vector per example");
        }
        head.add(HeadNorm.layer(channels));
        head.addAll(headLayers(plan, channels));
        // The removed layer after the cut keeps its input preprocessor in DL4J's builder (LeNet's dense layer flattens
        // the feature maps): the head reads the cut's activations as they are.
        java.util.Map<Integer, org.deeplearning4j.nn.conf.InputPreProcessor> pre = new java.util.HashMap<>();
        pre.put(at + 1, null);
        MultiLayerNetwork net = Dl4jTransferLearning.editLayers(source,
                new Dl4jTransferLearning.Settings(Updaters.create(opt, opt.learningRate()), opt.weightDecay(), opt.seed()),
                source.getnLayers() - at - 1, head, pre, at);
        return frozenHead(net);
    }

    /**
     * {@code net} with its head pooling and standardisation frozen. DL4J's TransferLearning builder for layer stacks
     * drops the FrozenLayer wrapper of an added BatchNormalization in M2.1 (the pooling keeps its own), so the
     * wrapping is done here on the built configuration; parameters carried exactly.
     */
    private static MultiLayerNetwork frozenHead(MultiLayerNetwork net) {
        // The builder keeps a null preprocessor for the removed layer's index (see cut), which clone() cannot copy.
        net.getLayerWiseConfigurations().getInputPreProcessors().values().removeIf(java.util.Objects::isNull);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        boolean changed = false;
        for (NeuralNetConfiguration c : conf.getConfs()) {
            String name = c.getLayer().getLayerName();
            if ((NetworkTransfer.HEAD_POOL.equals(name) || NetworkTransfer.HEAD_NORM.equals(name)) && !(c.getLayer() instanceof FrozenLayer)) {
                c.setLayer(HeadNorm.frozen(c.getLayer(), name));
                changed = true;
            }
        }
        if (!changed) {
            return net;
        }
        MultiLayerNetwork out = new MultiLayerNetwork(conf);
        out.init(net.params().dup(), false);
        return out;
    }

    /** The same network with the last {@code blocks} blocks trainable; parameters carried over exactly. */
    static MultiLayerNetwork unfreeze(MultiLayerNetwork current, VertexNames names, TransferPlan plan, int blocks) {
        MultiLayerConfiguration conf = current.getLayerWiseConfigurations().clone();
        String freezeName = names.freezeVertexForLastBlocks(blocks);
        int freeze = freezeName == null ? -1 : indexOf(current, freezeName);
        Optimizer opt = plan.optimizer();
        BackboneRates r = rates(current, names, opt, BackboneRates.of(plan.strategy(), blocks));
        for (int i = freeze + 1; i < conf.getConfs().size(); i++) {
            if (conf.getConf(i).getLayer() instanceof FrozenLayer f) {
                Layer inner = f.getLayer();
                GraphTransfer.setUpdater(inner, Updaters.create(opt, r.rate(name(current, i))));
                TrainableBatchNorm.adapt(inner);
                conf.getConf(i).setLayer(inner);
            }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init(current.params().dup(), false);
        return net;
    }

    private static BackboneRates rates(MultiLayerNetwork net, VertexNames names, Optimizer opt,
                                       Strategy.LastBlocks rates) {
        List<List<String>> order = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            order.add(List.of(name(net, i), String.valueOf(i)));
        }
        return new BackboneRates(order, names.blocks(), opt.learningRate(), rates);
    }

    /** The activations of layer {@code last} for one all-zero example, to size the head. */
    private static INDArray featureOutput(MultiLayerNetwork source, VertexNames names, int last) {
        List<Integer> s = names.inputShape();
        long[] shape;
        if (source.getLayerWiseConfigurations().getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor) {
            shape = new long[] {1, (long) s.get(0) * s.get(1) * s.get(2)};
        } else if (isNhwc(source)) {
            shape = new long[] {1, s.get(1), s.get(2), s.get(0)};
        } else {
            shape = new long[] {1, s.get(0), s.get(1), s.get(2)};
        }
        return source.feedForwardToLayer(last, Nd4j.zeros(DataType.FLOAT, shape), false).get(last + 1);
    }

    private static boolean isNhwc(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (BatchNormCalibration.unwrap(layerConf(net, i)) instanceof ConvolutionLayer c) {
                return c.getCnn2dDataFormat() == CNN2DFormat.NHWC;
            }
        }
        return false;
    }

    private static Layer layerConf(MultiLayerNetwork net, int i) {
        return net.getLayerWiseConfigurations().getConf(i).getLayer();
    }

    static String name(MultiLayerNetwork net, int i) {
        Layer l = layerConf(net, i);
        String n = l instanceof FrozenLayer f ? f.getLayer().getLayerName() : l.getLayerName();
        return n == null ? String.valueOf(i) : n;
    }

    /** The index of the layer named {@code name}, or numbered {@code name}. */
    static int indexOf(MultiLayerNetwork net, String name) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (name.equals(name(net, i))) {
                return i;
            }
        }
        try {
            int i = Integer.parseInt(name);
            if (i >= 0 && i < net.getnLayers()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            all.add(i + ":" + name(net, i));
        }
        throw new IllegalArgumentException("layer '" + name + "' is not in the network (by name or index); its layers are "
                + all);
    }
}
