package org.transfer4j.train;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * During a training step, a ReLU or ReLU6 {@code ActivationLayer} that is the only reader of a batch normalization's
 * output applies its function in place on that output and takes its backward mask from its own output. DL4J
 * 1.0.0-M2.1's {@code ActivationLayer} copies its input in the forward pass of training ("need to keep original input
 * for backprop") and again in the backward pass, two full copies of an activation map per layer and step: in
 * MobileNetV2's training step, whose 35 ReLU6 layers each follow a batch normalization, most of the 148 ms of
 * {@code old_assign} in the peer profile. Neither copy is needed here: the batch normalization's backward pass reads
 * its own input, not its output, and for a plain or bounded ReLU the mask {@code 0 < x < max} equals
 * {@code 0 < y < max} on the output y exactly (x at or below 0 gives y = 0, x at or above max gives y = max).
 *
 * <p>Only for the duration of a fit step ({@link StepLayers}): the layer is replaced by one
 * sharing its configuration, so inference, saved models and anything outside the step see DL4J's own.
 */
final class InPlaceActivations {
    private InPlaceActivations() {
    }

    /** Runs {@code step} (a fit) with every eligible activation layer of a graph applied in place; returns how many. */
    static int during(Model net, Runnable step) {
        return StepLayers.during(net, InPlaceActivations::eligible, (original, type) -> new InPlace((ActivationLayer) original, type), step);
    }

    /**
     * DL4J's own activation layer with a plain or bounded ReLU, without an input preprocessor, reading a batch
     * normalization whose output nothing else reads and which is not a network output.
     */
    static boolean eligible(ComputationGraph g, LayerVertex lv) {
        ComputationGraphConfiguration c = g.getConfiguration();
        if (lv.getLayer() == null || lv.getLayer().getClass() != ActivationLayer.class
                || !(c.getVertices().get(lv.getVertexName()) instanceof org.deeplearning4j.nn.conf.graph.LayerVertex conf)
                || conf.getPreProcessor() != null
                || relu(lv.getLayer().conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a
                        ? a.getActivationFn() : null) == null) {
            return false;
        }
        List<String> in = c.getVertexInputs().get(lv.getVertexName());
        if (in == null || in.size() != 1 || c.getNetworkOutputs().contains(in.get(0))) {
            return false;
        }
        GraphVertex source = g.getVertex(in.get(0));
        if (!(source instanceof LayerVertex sv) || !(sv.getLayer() instanceof BatchNormalization)) {
            return false;
        }
        long readers = c.getVertexInputs().values().stream().filter(l -> l.contains(in.get(0))).count();
        return readers == 1;
    }

    /** The plain or bounded ReLU {@code f} is (also under {@link TrainingActivations}' swap), or null. */
    static ActivationReLU relu(IActivation f) {
        ActivationReLU r = f instanceof TrainingActivations.MaskedReLU m ? m.original() : f instanceof ActivationReLU a ? a : null;
        return r != null && r.getThreshold() == null && r.getNegativeSlope() == null ? r : null;
    }

    /** The activation layer of one training step: in place forward, backward from its output. */
    static final class InPlace extends ActivationLayer {
        private static final long serialVersionUID = 1L;
        final ActivationLayer original;
        private INDArray output;
        int forwards;
        int backwards;

        InPlace(ActivationLayer original, DataType type) {
            super(original.conf(), type);
            this.original = original;
            setIndex(original.getIndex());
        }

        private ActivationReLU fn() {
            return relu(layerConf().getActivationFn());
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            if (!training) {
                output = null;
                return super.activate(false, mgr);
            }
            assertInputSet(false);
            forwards++;
            output = fn().getActivation(mgr.leverageTo(ArrayType.ACTIVATIONS, input), true);
            return output;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            if (output == null) {
                throw new IllegalStateException("backward pass of '" + layerConf().getLayerName() + "' without a training forward pass");
            }
            backwards++;
            // Straight into the backward pass's gradient memory: made elsewhere, DL4J would copy it there.
            INDArray delta = new TrainingActivations.MaskedReLU(fn()).gradient(output, epsilon,
                    mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, output.dataType(), output.shape(), 'c'));
            return new Pair<>(new DefaultGradient(), delta);
        }
    }
}
