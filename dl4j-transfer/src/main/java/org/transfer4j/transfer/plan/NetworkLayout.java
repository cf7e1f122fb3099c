package org.transfer4j.transfer.plan;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The image layout a network takes: that of its first convolution (NCHW when it has none). */
public final class NetworkLayout {
    private NetworkLayout() {
    }

    public static boolean isChannelsLast(Model net) {
        if (net instanceof ComputationGraph g) {
            return GraphTransfer.isNhwc(g);
        }
        if (net instanceof MultiLayerNetwork n) {
            for (int i = 0; i < n.getnLayers(); i++) {
                if (BatchNormCalibration.unwrap(n.getLayerWiseConfigurations().getConf(i).getLayer()) instanceof ConvolutionLayer c) {
                    return c.getCnn2dDataFormat() == CNN2DFormat.NHWC;
                }
            }
        }
        return false;
    }
}
