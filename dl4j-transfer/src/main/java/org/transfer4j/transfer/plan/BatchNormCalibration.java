package org.transfer4j.transfer.plan;

import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Sets every BatchNorm layer's running mean and variance to the statistics of a calibration batch.
 * A zoo network built with {@code init()} has running mean 0 and variance 1, so in inference mode (and
 * so when frozen) deep BN networks such as ResNet50 overflow to Inf/NaN. One forward pass in training
 * mode gives each BN layer's input exactly as inference will see it once the statistics are set.
 */
public final class BatchNormCalibration {
    private BatchNormCalibration() {
    }

    /** @return the number of BatchNorm layers calibrated */
    public static int calibrate(ComputationGraph g, INDArray... inputs) {
        Map<String, INDArray> acts = g.feedForward(inputs, true, false);
        int n = 0;
        for (var e : g.getConfiguration().getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv) || !(unwrap(lv.getLayerConf().getLayer()) instanceof BatchNormalization bn)) {
                continue;
            }
            String input = g.getConfiguration().getVertexInputs().get(e.getKey()).get(0);
            INDArray x = acts.get(input);
            int[] dims = x.rank() == 2 ? new int[] {0}
                    : bn.getCnn2DFormat() == CNN2DFormat.NHWC ? new int[] {0, 1, 2} : new int[] {0, 2, 3};
            INDArray mean = x.mean(dims);
            INDArray var = x.var(false, dims);
            setStatistics(g.getLayer(e.getKey()), bn, mean, var);
            n++;
        }
        return n;
    }

    /** Sets {@code layer}'s running mean and variance (stored as DL4J's {@code bn} configuration says). */
    public static void setStatistics(org.deeplearning4j.nn.api.Layer layer, BatchNormalization bn, INDArray mean, INDArray var) {
        INDArray m = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        layer.setParam(BatchNormalizationParamInitializer.GLOBAL_MEAN, mean.reshape(m.shape()).castTo(m.dataType()));
        if (bn.isUseLogStd()) {
            // DL4J stores log10(sqrt(var)) in this mode.
            INDArray log10std = Transforms.log(Transforms.max(var, 1e-5), 10).muli(0.5);
            INDArray p = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            layer.setParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, log10std.reshape(p.shape()).castTo(p.dataType()));
        } else {
            INDArray p = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
            layer.setParam(BatchNormalizationParamInitializer.GLOBAL_VAR, var.reshape(p.shape()).castTo(p.dataType()));
        }
    }

    public static Layer unwrap(Layer l) {
        if (l instanceof FrozenLayer f) {
            return unwrap(f.getLayer());
        }
        if (l instanceof FrozenLayerWithBackprop f) {
            return unwrap(f.getUnderlying());
        }
        return l;
    }
}
