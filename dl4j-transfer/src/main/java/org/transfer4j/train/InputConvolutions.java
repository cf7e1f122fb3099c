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
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * During a training step, the convolutions that read the network's input compute their weight and bias
 * gradients only. DL4J 1.0.0-M2.1 runs every convolution's full backward pass ({@code conv2d_bp}), the
 * gradient with respect to its input included, and then drops that gradient for the first layer
 * ({@code MultiLayerNetwork.calcBackpropGradients} sets it to null when no input gradient was asked for, as
 * in {@code fit}). For a one-channel input that unused gradient is oneDNN's slowest convolution here: LeNet's
 * first layer spent 9.4 of its 10 ms backward in it, a quarter of the whole step (benchmarks'
 * WorkloadProfile). PyTorch does not compute it: its input does not require a gradient.
 *
 * <p>The layer's oneDNN helper is swapped for one that computes the weight gradient as a convolution of the input
 * with the output gradient (and the bias gradient as a sum) for the duration of the step only ({@link StepSwap}).
 * Only for channels-first convolutions in Truncate or Strict mode that have the oneDNN helper; any other layer
 * keeps DL4J's path. The input gradient
 * handed back is an uninitialised array of the right shape: DL4J only passes it through the input
 * preprocessor before dropping it.
 */
final class InputConvolutions {
    private static final StepSwap<ConvolutionLayer, ConvolutionHelper> HELPER =
            StepSwap.field(ConvolutionLayer.class, "helper", ConvolutionHelper.class);

    private InputConvolutions() {
    }

    /** Runs {@code step} (a fit) with the weights-only backward pass in the input convolutions; returns how many there were. */
    static int during(Model net, Runnable step) {
        return HELPER.during(candidates(net), (l, h) -> new WeightsOnly(h, l.hasBias()), step);
    }

    /** The plain, trainable, channels-first Truncate/Strict convolutions reading a network input that have a helper. */
    static List<ConvolutionLayer> candidates(Model net) {
        List<Layer> readers = new ArrayList<>();
        if (net instanceof MultiLayerNetwork n) {
            readers.add(n.getLayer(0));
        } else if (net instanceof ComputationGraph g) {
            var conf = g.getConfiguration();
            conf.getVertexInputs().forEach((v, ins) -> {
                if (!ins.isEmpty() && conf.getNetworkInputs().containsAll(ins) && g.getVertex(v).hasLayer()) {
                    readers.add(g.getVertex(v).getLayer());
                }
            });
        }
        List<ConvolutionLayer> out = new ArrayList<>();
        for (Layer l : readers) {
            if (l.getClass() == ConvolutionLayer.class && helper((ConvolutionLayer) l) != null) {
                var c = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.conf().getLayer();
                boolean plain = c.getCnn2dDataFormat() == CNN2DFormat.NCHW && c.getConvolutionMode() != ConvolutionMode.Same
                        && c.getConvolutionMode() != ConvolutionMode.Causal && c.getDilation()[0] == 1 && c.getDilation()[1] == 1;
                if (plain) {
                    out.add((ConvolutionLayer) l);
                }
            }
        }
        return out;
    }

    static ConvolutionHelper helper(ConvolutionLayer l) {
        return HELPER.get(l);
    }

    /** The layer's own helper for everything but the backward pass, which computes the parameter gradients only. */
    static final class WeightsOnly extends DelegatingHelper<ConvolutionHelper> implements ConvolutionHelper {
        private final boolean hasBias;
        int backwardCalls;

        WeightsOnly(ConvolutionHelper delegate, boolean hasBias) {
            super(delegate);
            this.hasBias = hasBias;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView, IActivation afn,
                AlgoMode mode, BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
                int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            backwardCalls++;
            // Temporaries go to the backward pass's working memory, the workspace open around a layer's backward pass.
            // The weight gradient is itself a convolution, run by oneDNN: dW[o, c, i, j] = sum over n, y, x of
            // delta[n, o, y, x] * input[n, c, s*y + i - p, s*x + j - p], that is the input with images as channels
            // [c, n, H, W] convolved with delta as kernels [o, n, oH, oW], dilated by the stride, padded as the layer:
            // [c, o, kH', kW'], of which the top-left kH x kW is the gradient (kH' > kH when the stride leaves a rest).
            // For LeNet's first layer about 2.2 ms (a 0.8 ms convolution and 1.4 ms of oneDNN reordering the kernels),
            // against about 4 for im2col and one GEMM per image and 9.4 for DL4J's unused input gradient.
            INDArray images = input.permute(1, 0, 2, 3).dup('c');
            INDArray kernels = delta.permute(1, 0, 2, 3).dup('c');
            INDArray full = Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(images, kernels)
                    .addIntegerArguments((int) delta.size(2), (int) delta.size(3), 1, 1, pad[0], pad[1], strides[0], strides[1],
                            0, 0, 1) // kernel, stride 1, padding, dilation = stride, not Same, NCHW, weights [oC, iC, kH, kW]
                    .build())[0];
            INDArray dW = full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, kernel[0]),
                    NDArrayIndex.interval(0, kernel[1]));
            weightGradView.assign(dW.permute(1, 0, 2, 3));
            Gradient g = new DefaultGradient();
            if (hasBias) { // the bias first, as DL4J's helper orders them
                biasGradView.assign(delta.sum(0, 2, 3).reshape(biasGradView.shape()));
                g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
            }
            g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
            return new Pair<>(g, workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape()));
        }

        @Override
        public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                LayerWorkspaceMgr workspaceMgr) {
            return delegate.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                    format, workspaceMgr);
        }

        @Override
        public INDArray activate(INDArray z, IActivation afn, boolean training) {
            return delegate.activate(z, afn, training);
        }

    }
}
