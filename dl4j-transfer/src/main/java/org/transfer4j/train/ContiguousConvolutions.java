package org.transfer4j.train;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * During a training step, the oneDNN helper of a channels-last convolution gets its input and its output gradient in
 * C order. DL4J 1.0.0-M2.1's {@code ConvolutionLayer} works channels-first internally: it permutes a channels-last
 * layer's pre-activation and gradient to NCHW views, runs the activation's backward pass on them, and permutes the
 * result back for the helper. An activation whose backward pass returns a new array (ND4J's ReLU does,
 * {@code in.ulike()}; so does {@link TrainingActivations}' mask) hands the helper an NHWC array with NCHW strides, and
 * the oneDNN op ({@code conv2d_bp} through {@code MKLDNNConvHelper}) reads it as if it were in C order: the weight and
 * input gradients come out wrong. Found while testing {@link PointwiseConvolutions}: a channels-last 3x3 convolution with
 * a ReLU took a step 0.017 away from DL4J's own step without the helpers (learning rate 0.01), while tanh and the
 * identity (whose backward passes return their input's view) agreed within 1e-8. The forward op misreads such an
 * input the same way.
 *
 * <p>The helper is swapped for one that hands the layer's own helper a C-order copy of any array that is not in C
 * order, for the duration of the step only ({@link StepSwap}).
 */
final class ContiguousConvolutions {
    private static final StepSwap<ConvolutionLayer, ConvolutionHelper> HELPER =
            StepSwap.field(ConvolutionLayer.class, "helper", ConvolutionHelper.class);

    private ContiguousConvolutions() {
    }

    /** Runs {@code step} (a fit) with every channels-last convolution's helper fed C-order arrays; returns how many. */
    static int during(Model net, Runnable step) {
        List<ConvolutionLayer> layers = new ArrayList<>();
        for (Layer l : Nets.layers(net)) {
            if (l.getClass() == ConvolutionLayer.class && HELPER.get((ConvolutionLayer) l) != null
                    && ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.conf().getLayer()).getCnn2dDataFormat() == CNN2DFormat.NHWC) {
                layers.add((ConvolutionLayer) l);
            }
        }
        return HELPER.during(layers, (l, h) -> new Contiguous(h), step);
    }

    /** {@code a}, or a C-order copy of it when its strides are not C order's. */
    static INDArray cOrder(INDArray a) {
        return Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
    }

    /** The layer's own helper, given C-order arrays. */
    static final class Contiguous extends DelegatingHelper<ConvolutionHelper> implements ConvolutionHelper {
        Contiguous(ConvolutionHelper delegate) {
            super(delegate);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView, IActivation afn,
                AlgoMode mode, BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
                int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            return delegate.backpropGradient(cOrder(input), weights, bias, cOrder(delta), kernel, strides, pad, biasGradView,
                    weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
        }

        @Override
        public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                LayerWorkspaceMgr workspaceMgr) {
            return delegate.preOutput(cOrder(input), weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                    format, workspaceMgr);
        }

        @Override
        public INDArray activate(INDArray z, IActivation afn, boolean training) {
            return delegate.activate(z, afn, training);
        }
    }
}
