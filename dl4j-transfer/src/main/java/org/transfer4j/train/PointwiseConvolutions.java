package org.transfer4j.train;


import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * During a training step, a channels-last 1x1 convolution (stride 1, no padding, no activation) runs as what it is,
 * one matrix product over the [images x rows x columns, channels] view of its input, and so do both of its backward
 * products. DL4J 1.0.0-M2.1's {@code ConvolutionLayer} copies a channels-last input into channels-first order before
 * every call ({@code input.permute(0,3,1,2).dup()} in {@code preOutput}, which its backward pass calls again), copies
 * the result into the forward cache, and its oneDNN helper then reorders the activations from NHWC into oneDNN's
 * blocked layout and back for the forward and both backward convolutions. In MobileNetV2's training step, whose 34
 * expansion and projection convolutions are such layers, those copies and reorders were most of the gap to PyTorch
 * (peer profile: 485 reorder calls, 159 ms; 126 ND4J copies, 116 ms per step). PyTorch runs these convolutions as
 * matrix products too.
 *
 * <p>Only for the duration of a fit step ({@link StepLayers}): the layer is replaced by one sharing its configuration,
 * parameters and gradient views, so inference, saved models and anything outside the step see DL4J's own.
 */
final class PointwiseConvolutions {
    private PointwiseConvolutions() {
    }

    /** Runs {@code step} (a fit) with every eligible convolution of a graph as matrix products; returns how many. */
    static int during(Model net, Runnable step) {
        return StepLayers.during(net, (g, lv) -> eligible(lv), (original, type) -> new Pointwise((ConvolutionLayer) original, type), step);
    }

    /**
     * DL4J's own (trainable) convolution layer, channels-last, kernel 1x1, stride 1, no padding in any mode (Same
     * pads a 1x1 kernel by nothing), identity activation, no dropout, no weight noise. Dilation does not matter to a
     * 1x1 kernel.
     */
    static boolean eligible(LayerVertex lv) {
        if (lv.getLayer() == null || lv.getLayer().getClass() != ConvolutionLayer.class
                || !(lv.getLayer().conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c)) {
            return false;
        }
        boolean unpadded = c.getConvolutionMode() == ConvolutionMode.Same || (c.getPadding()[0] == 0 && c.getPadding()[1] == 0);
        return c.getCnn2dDataFormat() == CNN2DFormat.NHWC && c.getKernelSize()[0] == 1 && c.getKernelSize()[1] == 1
                && c.getStride()[0] == 1 && c.getStride()[1] == 1 && unpadded && c.getActivationFn() instanceof ActivationIdentity
                && c.getIDropout() == null && c.getWeightNoise() == null;
    }

    /** The convolution of one training step, as matrix products on the channels-last rows. */
    static final class Pointwise extends ConvolutionLayer {
        private static final long serialVersionUID = 1L;
        int forwards;
        int backwards;

        Pointwise(ConvolutionLayer original, DataType type) {
            super(original.conf(), type);
            StepLayers.sharing(this, original);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            forwards++;
            // The identity activation: the product is the output. Nothing is cached: the backward pass needs the
            // input and the weights only.
            return preOutput(training, false, mgr).getFirst();
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
            assertInputSet(false);
            validateInputRank();
            INDArray w = weights2d(training, mgr);
            validateInputDepth(w.size(1));
            INDArray x = rows(input.castTo(dataType));
            INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {x.size(0), w.size(0)}, 'c');
            Nd4j.gemm(x, w, z, false, true, 1.0, 0.0);
            if (hasBias()) {
                z.addiRowVector(getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, mgr));
            }
            return new Pair<>(z.reshape('c', input.size(0), input.size(1), input.size(2), w.size(0)), null);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            assertInputSet(true);
            backwards++;
            INDArray w = weights2d(true, mgr);
            INDArray x = rows(input.castTo(dataType));
            INDArray delta = rows(epsilon.castTo(dataType));
            Gradient g = new DefaultGradient();
            if (hasBias()) { // the bias first, as DL4J's layer orders them
                INDArray b = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
                b.assign(delta.sum(0).reshape(b.shape()));
                g.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, b);
            }
            INDArray dW = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
            Nd4j.gemm(delta, x, dW.reshape('c', w.size(0), w.size(1)), true, false, 1.0, 0.0);
            g.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, dW, 'c');
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, new long[] {x.size(0), w.size(1)}, 'c');
            Nd4j.gemm(delta, w, dx, false, false, 1.0, 0.0);
            return new Pair<>(g, dx.reshape('c', input.size(0), input.size(1), input.size(2), w.size(1)));
        }

        /** The weights [out, in, 1, 1] as the matrix [out, in] (a view: DL4J keeps them in c order). */
        private INDArray weights2d(boolean training, LayerWorkspaceMgr mgr) {
            INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, mgr);
            return w.reshape('c', w.size(0), w.size(1));
        }

        /** A channels-last map [n, h, w, c] as its rows [n h w, c]: a view when it is in c order, else a copy. */
        private static INDArray rows(INDArray a) {
            return a.reshape('c', a.size(0) * a.size(1) * a.size(2), a.size(3));
        }
    }
}
