package org.transfer4j.train;

import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.common.AtomicFiles;

/** The operations the trainer needs, over DL4J's two network types. */
public final class Nets {
    private Nets() {
    }

    /**
     * One training step, with savings DL4J M2.1 does not make: the convolutions' forward results are kept
     * for their backward pass ({@link #cacheForwardPass}, {@link KeptDepthwiseForward}), the convolutions reading the
     * input compute no input gradient ({@link InputConvolutions}), channels-last 1x1 convolutions run as matrix
     * products ({@link PointwiseConvolutions}), batch normalizations over channels-last maps compute their
     * statistics and backward pass row-wise ({@link TrainingBatchNorm}), ReLUs their backward pass as a mask
     * and a product ({@link TrainingActivations}), and those reading a batch normalization alone run in place
     * ({@link InPlaceActivations}). The weights come out as DL4J's own path gives them, within float rounding, and
     * channels-last convolutions get their gradients right where DL4J's oneDNN helper does not
     * ({@link ContiguousConvolutions}).
     */
    public static void fit(Model net, DataSet batch) {
        step(net, () -> {
            if (net instanceof ComputationGraph g) {
                g.fit(batch);
            } else {
                ((MultiLayerNetwork) net).fit(batch);
            }
        });
    }

    /** A graph's training step on a multi-output (or masked) batch, with the same savings as {@link #fit(Model, DataSet)}. */
    public static void fit(ComputationGraph g, MultiDataSet batch) {
        step(g, () -> g.fit(batch));
    }

    /**
     * A graph's training step on a batch of two domains, rows [0, split) and the rest: as
     * {@link #fit(ComputationGraph, MultiDataSet)}, with every BatchNorm layer normalizing each domain by its own batch
     * statistics ({@link SplitBatchNorm}, domain-specific batch normalization).
     */
    public static void fitDomains(ComputationGraph g, MultiDataSet batch, int split) {
        step(g, () -> SplitBatchNorm.during(g, split, () -> g.fit(batch)));
    }

    /** Runs {@code fit}, one DL4J fit call on {@code net} (or on a helper that fits it), with this class's savings. */
    static void step(Model net, Runnable fit) {
        cacheForwardPass(net);
        TrainingActivations.during(net, () -> TrainingBatchNorm.during(net,
                () -> InPlaceActivations.during(net, () -> PointwiseConvolutions.during(net,
                        () -> KeptDepthwiseForward.during(net, () -> ContiguousConvolutions.during(net,
                                () -> InputConvolutions.during(net, fit)))))));
    }

    /**
     * Lets DL4J keep each convolution's forward result for its backward pass. Without a cache mode (the default,
     * {@code NONE}) {@code ConvolutionLayer.backpropGradient} runs the layer's forward convolution a second time
     * to get its pre-activation (oneDNN's verbose log shows two forward calls per convolution and step); with
     * {@code DEVICE} it reuses the one from the forward pass, the same array, so the gradients do not change.
     * LeNet's training step got about 10% faster here, MobileNetV2's about 5% (benchmarks' WorkloadBenchmark).
     * Costs the pre-activations' memory in DL4J's FF_CACHE workspace during a step. Set on the network's
     * configuration (which opens that workspace), on every layer's configuration (a saved and loaded network's
     * layers take their mode from there) and on the layers themselves; cheap enough to repeat every step.
     */
    public static void cacheForwardPass(Model net) {
        if (net instanceof ComputationGraph g) {
            g.getConfiguration().setCacheMode(CacheMode.DEVICE);
            g.getConfiguration().getVertices().values().forEach(v -> {
                if (v instanceof LayerVertex lv) {
                    lv.getLayerConf().setCacheMode(CacheMode.DEVICE);
                }
            });
            for (Layer l : g.getLayers()) {
                l.conf().setCacheMode(CacheMode.DEVICE);
            }
            g.setCacheMode(CacheMode.DEVICE);
        } else if (net instanceof MultiLayerNetwork n) {
            n.getLayerWiseConfigurations().setCacheMode(CacheMode.DEVICE);
            n.getLayerWiseConfigurations().getConfs().forEach(c -> c.setCacheMode(CacheMode.DEVICE));
            for (Layer l : n.getLayers()) {
                l.conf().setCacheMode(CacheMode.DEVICE);
            }
            n.setCacheMode(CacheMode.DEVICE);
        }
    }

    /** The network's layers, a graph's or a stack's. */
    static Layer[] layers(Model net) {
        return net instanceof ComputationGraph g ? g.getLayers() : ((MultiLayerNetwork) net).getLayers();
    }

    /** Inference-mode output of the (single) output layer. */
    public static INDArray output(Model net, INDArray features) {
        return net instanceof ComputationGraph g ? g.outputSingle(false, features)
                : ((MultiLayerNetwork) net).output(features, false);
    }

    /** The names of the layers that have parameters and are not frozen, in network order. */
    public static java.util.List<String> trainedLayers(Model net) {
        org.deeplearning4j.nn.api.Layer[] layers = net instanceof ComputationGraph g ? g.getLayers()
                : ((MultiLayerNetwork) net).getLayers();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer l : layers) {
            if (l.numParams() > 0 && !(l instanceof org.deeplearning4j.nn.layers.FrozenLayer)
                    && !(l instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop)) {
                names.add(l.conf().getLayer().getLayerName());
            }
        }
        return names;
    }

    public static int epochCount(Model net) {
        return net instanceof ComputationGraph g ? g.getConfiguration().getEpochCount()
                : ((MultiLayerNetwork) net).getLayerWiseConfigurations().getEpochCount();
    }

    public static void incrementEpochCount(Model net) {
        if (net instanceof ComputationGraph g) {
            g.incrementEpochCount();
        } else {
            ((MultiLayerNetwork) net).incrementEpochCount();
        }
    }

    /** Writes the network with its updater state to {@code file}, atomically. */
    public static void save(Model net, Path file) throws IOException {
        AtomicFiles.writePath(file, tmp -> ModelSerializer.writeModel(net, tmp.toFile(), true));
    }

    /** Reads a network written by {@link #save} as the type of {@code like}. */
    public static Model load(Path file, Model like) throws IOException {
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
        return like instanceof ComputationGraph ? ModelSerializer.restoreComputationGraph(file.toFile(), true)
                : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
    }

    /**
     * Copies parameters, optimiser state and iteration / epoch counts from {@code from} into {@code to},
     * which must have the same architecture (frozen layers included). Used to resume into a network the
     * trainer already holds (a featurized head, a network rebuilt for gradual unfreezing).
     */
    public static void copyState(Model from, Model to) {
        if (from.numParams() != to.numParams()) {
            throw new IllegalStateException("checkpoint has " + from.numParams() + " parameters, the network "
                    + to.numParams() + ": the checkpoint is for another network");
        }
        to.setParams(from.params());
        INDArray src = updaterState(from);
        INDArray dst = updaterState(to);
        if (src != null && dst != null) {
            dst.assign(src);
        }
        if (to instanceof ComputationGraph g) {
            g.getConfiguration().setIterationCount(((ComputationGraph) from).getConfiguration().getIterationCount());
            g.getConfiguration().setEpochCount(((ComputationGraph) from).getConfiguration().getEpochCount());
        } else {
            var c = ((MultiLayerNetwork) to).getLayerWiseConfigurations();
            var f = ((MultiLayerNetwork) from).getLayerWiseConfigurations();
            c.setIterationCount(f.getIterationCount());
            c.setEpochCount(f.getEpochCount());
        }
    }

    private static INDArray updaterState(Model net) {
        Object u = net instanceof ComputationGraph g ? g.getUpdater(true) : ((MultiLayerNetwork) net).getUpdater(true);
        return u instanceof BaseMultiLayerUpdater<?> b ? b.getStateViewArray() : null;
    }
}
