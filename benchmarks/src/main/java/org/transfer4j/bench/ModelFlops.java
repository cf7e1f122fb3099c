package org.transfer4j.bench;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Forward FLOPs per example of a network, summed over its convolution and dense layers (2 x
 * multiply-adds; activations, normalisation and pooling are left out, as is usual for these counts).
 */
public final class ModelFlops {
    private static final Map<String, Double> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private ModelFlops() {
    }

    public static double forwardPerExample(String model) {
        return CACHE.computeIfAbsent(model, m -> count(ModelBenchmark.build(m, 1)));
    }

    static double count(org.deeplearning4j.nn.api.Model net) {
        double flops = 0;
        if (net instanceof ComputationGraph g) {
            ComputationGraphConfiguration conf = g.getConfiguration();
            long[] s = ModelBenchmark.inputShape(g);
            Map<String, InputType> types = conf.getLayerActivationTypes(InputType.convolutional(s[1], s[2], s[0]));
            for (Map.Entry<String, org.deeplearning4j.nn.conf.graph.GraphVertex> e : conf.getVertices().entrySet()) {
                if (e.getValue() instanceof LayerVertex lv) {
                    flops += layerFlops(lv.getLayerConf().getLayer(), types.get(e.getKey()));
                }
            }
        } else if (net instanceof MultiLayerNetwork n) {
            List<InputType> types = n.getLayerWiseConfigurations().getLayerActivationTypes(InputType.convolutionalFlat(28, 28, 1));
            for (int i = 0; i < n.getnLayers(); i++) {
                flops += layerFlops(n.getLayer(i).conf().getLayer(), types.get(i));
            }
        }
        return flops;
    }

    private static double layerFlops(Layer layer, InputType out) {
        if (layer instanceof ConvolutionLayer c && out instanceof InputType.InputTypeConvolutional o) {
            int[] k = c.getKernelSize();
            return 2.0 * o.getHeight() * o.getWidth() * c.getNOut() * c.getNIn() * k[0] * k[1];
        }
        if (layer instanceof FeedForwardLayer f && !(layer instanceof ConvolutionLayer) && f.getNIn() > 0) {
            return 2.0 * f.getNIn() * f.getNOut();
        }
        return 0;
    }
}
