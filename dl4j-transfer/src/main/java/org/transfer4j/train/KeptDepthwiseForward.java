package org.transfer4j.train;


import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * During a training step, a depthwise convolution without an activation does not run its forward convolution a
 * second time in its backward pass. DL4J 1.0.0-M2.1's {@code DepthwiseConvolution2DLayer.backpropGradient} calls
 * {@code preOutput4d} for the pre-activation, which computes the convolution again (its cache mode covers the
 * ordinary convolution layer only), and hands it to the activation's backward pass; the identity's backward pass
 * checks its shape and returns the incoming gradient. In MobileNetV2's training step that is 17 of its 34
 * {@code depthwise_conv2d} calls. Here the layer keeps its training forward output, which for the identity is the
 * pre-activation, and hands that back instead.
 *
 * <p>Only for the duration of a fit step ({@link StepLayers}): the layer is replaced by one sharing its configuration,
 * parameters and gradient views, so inference, saved models and anything outside the step see DL4J's own.
 */
final class KeptDepthwiseForward {
    private KeptDepthwiseForward() {
    }

    /** Runs {@code step} (a fit) with every eligible depthwise convolution keeping its forward output; returns how many. */
    static int during(Model net, Runnable step) {
        return StepLayers.during(net, (g, lv) -> eligible(lv), (original, type) -> new Kept((DepthwiseConvolution2DLayer) original, type),
                step);
    }

    /**
     * DL4J's own (trainable) depthwise convolution layer with the identity activation, whose backward pass reads only
     * the pre-activation's shape.
     */
    static boolean eligible(LayerVertex lv) {
        return lv.getLayer() != null && lv.getLayer().getClass() == DepthwiseConvolution2DLayer.class
                && lv.getLayer().conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D c
                && c.getActivationFn() instanceof ActivationIdentity;
    }

    /** The depthwise convolution of one training step, its forward output kept for its backward pass. */
    static final class Kept extends DepthwiseConvolution2DLayer {
        private static final long serialVersionUID = 1L;
        private INDArray output;
        int forwards;
        int kept;

        Kept(DepthwiseConvolution2DLayer original, DataType type) {
            super(original.conf(), type);
            StepLayers.sharing(this, original);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            INDArray out = super.activate(training, mgr);
            forwards++;
            output = training ? out : null;
            return out;
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
            if (forBackprop && output != null) {
                kept++;
                return new Pair<>(output, null);
            }
            return super.preOutput4d(training, forBackprop, mgr);
        }
    }
}
