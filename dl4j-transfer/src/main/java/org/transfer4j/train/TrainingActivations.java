package org.transfer4j.train;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * During a training step, ReLU and bounded ReLU (ReLU6) activations compute their backward pass as a mask and one
 * product. ND4J 1.0.0-M2.1's {@code ActivationReLU.backprop} runs {@code relu_bp} (9 ms for 8x56x56x144 floats on
 * one thread here) and, with a bound, multiplies by a boolean mask of {@code x < max} (6 ms: ND4J's float-by-boolean
 * product is slow); two scalar comparisons, a boolean and, a cast and a float product take about 4.3 ms. In
 * MobileNetV2's training step the ReLU6 backward passes took about 180 ms against PyTorch's 19 (benchmarks' peer
 * profile). The gradient is the same: {@code eps} where {@code 0 < x < max}, zero elsewhere (at 0 and at the bound
 * too, as ND4J's strict comparisons have it). The mask is now made without booleans ({@link MaskedReLU#gradient}).
 *
 * <p>Only for the duration of a fit step ({@link StepSwap}): the layers' configured activation objects are swapped for one that
 * computes the forward pass with the original and the backward pass this way, and put back after, so a saved
 * configuration never names this class. ReLUs with a threshold or a leaky slope are left alone.
 */
final class TrainingActivations {
    private static final StepSwap<org.deeplearning4j.nn.conf.layers.Layer, IActivation> ACTIVATION =
            new StepSwap<>(TrainingActivations::activation, TrainingActivations::setActivation);

    private TrainingActivations() {
    }

    /** Runs {@code step} (a fit) with the mask-and-product backward pass in every plain or bounded ReLU; returns how many. */
    static int during(Model net, Runnable step) {
        List<org.deeplearning4j.nn.conf.layers.Layer> confs = new ArrayList<>();
        for (Layer l : Nets.layers(net)) {
            if (activation(l.conf().getLayer()) instanceof ActivationReLU r && r.getThreshold() == null && r.getNegativeSlope() == null) {
                confs.add(l.conf().getLayer());
            }
        }
        return ACTIVATION.during(confs, (c, f) -> new MaskedReLU((ActivationReLU) f), step);
    }

    static IActivation activation(org.deeplearning4j.nn.conf.layers.Layer c) {
        return c instanceof ActivationLayer a ? a.getActivationFn() : c instanceof BaseLayer b ? b.getActivationFn() : null;
    }

    private static void setActivation(org.deeplearning4j.nn.conf.layers.Layer c, IActivation f) {
        if (c instanceof ActivationLayer a) {
            a.setActivationFn(f);
        } else {
            ((BaseLayer) c).setActivationFn(f);
        }
    }

    /** A plain or bounded ReLU: forward as the original; backward eps * (x > 0 and x < max). */
    static final class MaskedReLU extends BaseActivationFunction {
        private static final long serialVersionUID = 1L;
        private final ActivationReLU original;
        int backwards;

        MaskedReLU(ActivationReLU original) {
            this.original = original;
        }

        ActivationReLU original() {
            return original;
        }

        @Override
        public INDArray getActivation(INDArray in, boolean training) {
            return original.getActivation(in, training);
        }

        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            assertShape(in, epsilon);
            backwards++;
            return new Pair<>(gradient(in, epsilon, Nd4j.createUninitialized(in.dataType(), in.shape(), 'c')), null);
        }

        /**
         * {@code eps * (0 < x < max)} (the plain ReLU: {@code eps * (x > 0)}) into {@code out}, an array shaped as
         * {@code in}, in float passes only: for a bound, the mask is {@code step(x * (max - x))}, as
         * {@code x (max - x) > 0} exactly when {@code 0 < x < max} (both factors positive; below 0 or above max the
         * product is negative, at either end zero; infinities give minus infinity). ND4J's comparisons write booleans,
         * which then had to be and-ed and cast to floats: five passes and 5.1 ms for 8x56x56x144 floats on one thread,
         * against four and 3.2 here (1.7 for the plain ReLU).
         */
        INDArray gradient(INDArray in, INDArray epsilon, INDArray out) {
            if (original.getMax() != null) {
                Nd4j.exec(new ScalarReverseSubtraction(in, null, out, original.getMax()));
                Nd4j.exec(new MulOp(out, in, out));
                Nd4j.exec(new Step(out, out, 0.0));
            } else {
                Nd4j.exec(new Step(in, out, 0.0));
            }
            Nd4j.exec(new MulOp(epsilon, out, out));
            return out;
        }

        @Override
        public String toString() {
            return "masked " + original;
        }
    }
}
