package org.transfer4j.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.transfer4j.zoo.MergeAxes;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * An inference-only copy of a graph in which every convolution followed by a batch normalization (and
 * optionally by an activation layer) is one convolution: the normalization's scale goes into the weights,
 * its shift into the bias, and the activation becomes the convolution's own. For frozen parts only (the
 * featurizer's): a folded batch normalization can no longer learn or recompute its statistics.
 *
 * <p>Why: in DL4J 1.0.0-M2.1 a batch normalization is a layer of its own (a oneDNN call and a new array),
 * and an {@code ActivationLayer} copies its input before applying the function ({@code leverageTo} into its
 * own workspace), so MobileNetV2's 52 Conv-BN(-ReLU6) groups cost three passes over their activations where
 * one does. Folded, MobileNetV2's forward pass at batch 8 took about a third less time here (benchmarks'
 * WorkloadBenchmark, the featurizer row).
 *
 * <p>A group is folded when the convolution is a plain {@code ConvolutionLayer} or a
 * {@code DepthwiseConvolution2D} with an identity activation and no dropout whose only reader is the batch
 * normalization, in the same data format, without a preprocessor; the activation layer is folded too when
 * it is the normalization's only reader. The folded vertex takes the name of the last vertex of its group,
 * so every reader and every output keeps its input. Anything else is copied as it is.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** One folded group: the convolution, its batch normalization, and the activation layer or null. */
    record Group(String conv, String norm, String activation) {
        String name() {
            return activation != null ? activation : norm;
        }
    }

    /** A graph's folded copy for inference (the predictor's); any other network as it is. */
    public static org.deeplearning4j.nn.api.Model forInference(org.deeplearning4j.nn.api.Model net) {
        return net instanceof ComputationGraph g ? fold(g) : net;
    }

    /** The folded copy of {@code g}, or {@code g} itself when it has no group to fold. */
    public static ComputationGraph fold(ComputationGraph g) {
        ComputationGraphConfiguration conf = g.getConfiguration();
        List<Group> groups = groups(conf);
        if (groups.isEmpty()) {
            return g;
        }
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
        Map<String, Group> byConv = new HashMap<>();
        Map<String, Group> absorbed = new HashMap<>();
        for (Group gr : groups) {
            byConv.put(gr.conv(), gr);
            absorbed.put(gr.norm(), gr);
            if (gr.activation() != null) {
                absorbed.put(gr.activation(), gr);
            }
        }
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .dataType(g.params().dataType()).graphBuilder().addInputs(conf.getNetworkInputs().toArray(String[]::new));
        for (String v : conf.getTopologicalOrderStr()) {
            if (conf.getNetworkInputs().contains(v) || absorbed.containsKey(v)) {
                continue;
            }
            GraphVertex vertex = conf.getVertices().get(v).clone();
            String[] inputs = conf.getVertexInputs().get(v).toArray(String[]::new);
            Group gr = byConv.get(v);
            if (gr == null) {
                b.addVertex(v, vertex, inputs);
                continue;
            }
            ConvolutionLayer c = (ConvolutionLayer) ((LayerVertex) vertex).getLayerConf().getLayer();
            c.setLayerName(gr.name());
            c.setHasBias(true);
            if (gr.activation() != null) {
                c.setActivationFn(activationLayer(conf, gr.activation()).getActivationFn());
            }
            b.addVertex(gr.name(), vertex, inputs);
        }
        ComputationGraphConfiguration built = b.setOutputs(conf.getNetworkOutputs().toArray(String[]::new)).build();
        MergeAxes.restore(conf, built); // GraphVertex.clone() of a MergeVertex forgets its axis in M2.1
        ComputationGraph out = new ComputationGraph(built);
        out.init();
        for (String v : built.getVertices().keySet()) {
            if (!(built.getVertices().get(v) instanceof LayerVertex) || out.getLayer(v).numParams() == 0) {
                continue;
            }
            Group gr = absorbed.get(v);
            if (gr != null) {
                INDArray[] wb = folded(g, gr, conf);
                out.getLayer(v).setParam("W", wb[0]);
                out.getLayer(v).setParam("b", wb[1]);
            } else {
                out.getLayer(v).setParams(g.getLayer(v).params().dup());
            }
        }
        return out;
    }

    /** The groups of {@code conf} that can be folded, in topological order. */
    static List<Group> groups(ComputationGraphConfiguration conf) {
        Map<String, List<String>> readers = new HashMap<>();
        conf.getVertexInputs().forEach((v, ins) -> ins.forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(v)));
        List<Group> out = new ArrayList<>();
        for (String v : conf.getTopologicalOrderStr()) {
            if (!(layer(conf, v) instanceof ConvolutionLayer c) || !foldableConvolution(c) || conf.getNetworkOutputs().contains(v)) {
                continue;
            }
            String norm = onlyReader(readers, v);
            if (norm == null || !(layer(conf, norm) instanceof BatchNormalization bn) || hasPreprocessor(conf, norm)
                    || bn.getCnn2DFormat() != c.getCnn2dDataFormat() || bn.getIDropout() != null) {
                continue;
            }
            String act = conf.getNetworkOutputs().contains(norm) ? null : onlyReader(readers, norm);
            boolean foldsActivation = act != null && layer(conf, act) instanceof ActivationLayer a && !hasPreprocessor(conf, act)
                    && a.getIDropout() == null;
            out.add(new Group(v, norm, foldsActivation ? act : null));
        }
        return out;
    }

    private static boolean foldableConvolution(ConvolutionLayer c) {
        boolean plainKind = c.getClass() == ConvolutionLayer.class || c.getClass() == DepthwiseConvolution2D.class;
        return plainKind && (c.getActivationFn() == null || c.getActivationFn() instanceof ActivationIdentity)
                && c.getIDropout() == null;
    }

    /** The weights and bias of a folded group: W * s and (b - mean) * s + beta per output channel, s = gamma / sqrt(var + eps). */
    static INDArray[] folded(ComputationGraph g, Group gr, ComputationGraphConfiguration conf) {
        BatchNormalization bn = (BatchNormalization) layer(conf, gr.norm());
        var norm = g.getLayer(gr.norm());
        long channels = bn.getNOut();
        INDArray mean = norm.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(channels).castTo(DataType.DOUBLE);
        INDArray var;
        if (bn.isUseLogStd()) { // DL4J keeps log10(std) then: variance = (10^log10std)^2
            INDArray log10std = norm.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).reshape(channels).castTo(DataType.DOUBLE);
            var = Transforms.pow(Nd4j.valueArrayOf(log10std.shape(), 10.0, log10std.dataType()), log10std, false);
            var.muli(var);
        } else {
            var = norm.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(channels).castTo(DataType.DOUBLE);
        }
        INDArray gamma = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {channels}, bn.getGamma(), mean.dataType())
                : norm.getParam(BatchNormalizationParamInitializer.GAMMA).reshape(channels).castTo(mean.dataType());
        INDArray beta = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {channels}, bn.getBeta(), mean.dataType())
                : norm.getParam(BatchNormalizationParamInitializer.BETA).reshape(channels).castTo(mean.dataType());
        INDArray scale = gamma.div(Transforms.sqrt(var.add(bn.getEps()), false));
        var conv = g.getLayer(gr.conv());
        ConvolutionLayer c = (ConvolutionLayer) layer(conf, gr.conv());
        INDArray w = conv.getParam("W").castTo(mean.dataType()).dup();
        INDArray bias = c.hasBias() ? conv.getParam("b").reshape(channels).castTo(mean.dataType()) : Nd4j.zeros(mean.dataType(), channels);
        if (c instanceof DepthwiseConvolution2D) {
            // [kH, kW, nIn, depthMultiplier]; output channel i * depthMultiplier + m (TensorFlow's order, and DL4J's)
            long[] s = w.shape();
            INDArray w2 = w.reshape('c', s[0] * s[1], s[2] * s[3]);
            w2.muliRowVector(scale);
            w = w2.reshape('c', s);
        } else {
            // [nOut, nIn, kH, kW]
            long[] s = w.shape();
            INDArray w2 = w.reshape('c', s[0], s[1] * s[2] * s[3]);
            w2.muliColumnVector(scale.reshape(channels, 1));
            w = w2.reshape('c', s);
        }
        INDArray b = bias.sub(mean).muli(scale).addi(beta);
        DataType type = conv.getParam("W").dataType();
        return new INDArray[] {w.castTo(type), b.reshape(1, channels).castTo(type)};
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layer(ComputationGraphConfiguration conf, String v) {
        return conf.getVertices().get(v) instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    private static ActivationLayer activationLayer(ComputationGraphConfiguration conf, String v) {
        return (ActivationLayer) layer(conf, v);
    }

    private static boolean hasPreprocessor(ComputationGraphConfiguration conf, String v) {
        return ((LayerVertex) conf.getVertices().get(v)).getPreProcessor() != null;
    }

    private static String onlyReader(Map<String, List<String>> readers, String v) {
        List<String> r = readers.get(v);
        return r != null && r.size() == 1 ? r.get(0) : null;
    }
}
