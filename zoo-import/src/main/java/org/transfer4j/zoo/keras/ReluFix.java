package org.transfer4j.zoo.keras;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * Repairs a speed defect of DL4J 1.0.0-M2.1's Keras import: a Keras {@code ReLU} layer (MobileNet's ReLU6,
 * {@code ReLU(max_value=6)}) becomes {@code ActivationReLU(max, threshold=0.0, negativeSlope=0.0)}. With a
 * threshold or slope set, even to zero, ND4J takes its leaky-ReLU path ({@code leakyrelu} scalar op forward,
 * {@code lrelu_bp} backward), which on one thread here ran about 25 times slower than the plain
 * {@code RectifiedLinear} transform on the same array (23.7 ms against 0.8 ms for 8x56x56x144 floats). The
 * zeros are removed (null means "none"), which selects the plain path and computes the same function and
 * gradient: MobileNetV2's forward pass at batch 8 went from about 320 to 165 ms, its training step from 2.2
 * to 1.8 s (benchmarks' WorkloadBenchmark). A non-zero threshold or slope is left as it is.
 */
final class ReluFix {
    private ReluFix() {
    }

    /** Rewrites every ReLU activation with a zero threshold and slope, in the configuration and in the layers. */
    static void apply(Model net) {
        List<Layer> layers = new ArrayList<>();
        if (net instanceof MultiLayerNetwork n) {
            for (int i = 0; i < n.getnLayers(); i++) {
                layers.add(n.getLayerWiseConfigurations().getConf(i).getLayer());
                layers.add(n.getLayer(i).conf().getLayer());
            }
        } else if (net instanceof ComputationGraph g) {
            for (var layer : g.getLayers()) {
                layers.add(layer.conf().getLayer()); // the configuration's own object (LayerVertex.instantiate)
            }
        }
        for (Layer l : layers) {
            if (l instanceof BaseLayer b && plain(b.getActivationFn()) != null) {
                b.setActivationFn(plain(b.getActivationFn()));
            } else if (l instanceof ActivationLayer a && plain(a.getActivationFn()) != null) {
                a.setActivationFn(plain(a.getActivationFn()));
            }
        }
    }

    /** The plain-path equivalent of a ReLU with a zero threshold and slope, or null when there is none. */
    static IActivation plain(IActivation f) {
        if (!(f instanceof ActivationReLU r) || (r.getThreshold() == null && r.getNegativeSlope() == null)) {
            return null;
        }
        boolean zeroThreshold = r.getThreshold() == null || r.getThreshold() == 0.0;
        boolean zeroSlope = r.getNegativeSlope() == null || r.getNegativeSlope() == 0.0;
        return zeroThreshold && zeroSlope ? new ActivationReLU(r.getMax(), null, null) : null;
    }
}
