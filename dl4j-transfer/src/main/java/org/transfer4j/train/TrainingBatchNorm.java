package org.transfer4j.train;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * During a training step, batch normalizations over channels-last activations (or over [n, c] rows) compute their
 * batch statistics and their backward pass as a few passes over a [rows, channels] view, with per-channel sums as
 * one BLAS matrix-vector product each. DL4J 1.0.0-M2.1's oneDNN helper computes the statistics with ND4J
 * reductions over three axes (7.8 ms for the mean of 8x56x56x144 floats here, against 0.3 for the product) and
 * runs its backward op ({@code batchnorm_bp}) with oneDNN's global-statistics mode, then corrects the input
 * gradient for the batch statistics with generic broadcasts and reductions: 35 ms for that array against about
 * 8 for this. In MobileNetV2's training step {@code batchnorm_bp} alone took 447 of 1,673 ms (benchmarks'
 * peer profile).
 *
 * <p>The formulas are the batch normalization's own, with the population variance DL4J's helper uses:
 * mean and variance per channel over the rows; forward x * a + (beta - mean * a) with a = gamma / sqrt(var + eps);
 * backward dbeta = sum(g), dgamma = sum(g * (x - mean)) / sqrt(var + eps), and
 * dx = a * (g - dbeta / m - (x - mean) * dgamma / (m * sqrt(var + eps))). The layer's helper is swapped for one
 * that does this for the duration of a fit step only ({@link StepSwap}); inference and anything but float keep DL4J's
 * helper. Channels-first maps go the same way with each channel a run of rows ({@link View}): there DL4J's helper
 * took 43% of the domain study CNN's training time (its variance through ND4J's summary statistics alone 17%).
 */
final class TrainingBatchNorm {
    private static final StepSwap<BatchNormalization, BatchNormalizationHelper> HELPER =
            StepSwap.field(BatchNormalization.class, "helper", BatchNormalizationHelper.class);

    private TrainingBatchNorm() {
    }

    /** Runs {@code step} (a fit) with the row-wise batch normalization in every batch-normalization layer that has a helper. */
    static int during(Model net, Runnable step) {
        List<BatchNormalization> layers = new ArrayList<>();
        for (Layer l : Nets.layers(net)) {
            if (l.getClass() == BatchNormalization.class && HELPER.get((BatchNormalization) l) != null) {
                layers.add((BatchNormalization) l);
            }
        }
        return HELPER.during(layers, (l, h) -> new RowWise(h), step);
    }

    static BatchNormalizationHelper helper(BatchNormalization l) {
        return HELPER.get(l);
    }

    /**
     * A map as a matrix whose per-channel sums and per-channel broadcasts are each one BLAS product or one broadcast
     * op: a channels-last map (or a channels-first one of 1 x 1, as DL4J hands a dense layer's [n, c] activations to the
     * helper) as [rows, channels], channels as columns; a channels-first map as [images x channels, rows x columns],
     * each channel a run of rows, one per image. A view when the array is in C order with default strides, a copy
     * otherwise (dense layers' outputs are often in F order).
     */
    record View(INDArray x2, long channels, boolean channelsAsRows) {
        /** The view of {@code x}, or null when it is not a float map of rank 4. */
        static View of(INDArray x, CNN2DFormat format) {
            if (x.dataType() != DataType.FLOAT || x.rank() != 4) {
                return null;
            }
            INDArray c = Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
            if (format == CNN2DFormat.NHWC) {
                return new View(c.reshape('c', x.size(0) * x.size(1) * x.size(2), x.size(3)), x.size(3), false);
            }
            boolean dense = x.size(2) == 1 && x.size(3) == 1;
            return dense ? new View(c.reshape('c', x.size(0), x.size(1)), x.size(1), false)
                    : new View(c.reshape('c', x.size(0) * x.size(1), x.size(2) * x.size(3)), x.size(1), true);
        }

        /** Values per channel. */
        long m() {
            return x2.length() / channels;
        }

        /** The same layout over another array of the map's shape (c order). */
        INDArray like(INDArray a) {
            return a.reshape('c', x2.size(0), x2.size(1));
        }

        /**
         * The per-channel sums of {@code a} (laid out as {@link #x2}) times {@code alpha}, as [1, channels]. The factor
         * goes into the product, not after it: a mean rounded once more moved a small-variance normalization's output
         * by 1e-5 against DL4J's.
         */
        INDArray sums(INDArray a, double alpha) {
            if (!channelsAsRows) {
                INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 1, channels);
                Nd4j.gemm(Nd4j.ones(DataType.FLOAT, 1, a.size(0)), a, out, false, false, alpha, 0.0);
                return out;
            }
            INDArray perRow = Nd4j.createUninitialized(DataType.FLOAT, a.size(0), 1);
            Nd4j.gemm(a, Nd4j.ones(DataType.FLOAT, a.size(1), 1), perRow, false, false, alpha, 0.0);
            return perRow.reshape('c', a.size(0) / channels, channels).sum(true, 0);
        }

        /**
         * {@code op(a, v per channel)} into {@code out}: v [1, channels] spread over the channels' columns or rows, by
         * ND4J's element-wise ops with their shape broadcasting. Its legacy broadcast ops along dimension 0 (one value
         * per row) walk the columns: 11.8 ms against 0.5 here for 128 x 32 x 24 x 24 floats.
         */
        void broadcast(String op, INDArray a, INDArray v, INDArray out) {
            INDArray x = channelsAsRows ? a.reshape(a.size(0) / channels, channels, a.size(1)) : a;
            INDArray z = channelsAsRows ? out.reshape(out.size(0) / channels, channels, out.size(1)) : out;
            INDArray w = channelsAsRows ? v.reshape(1, channels, 1) : v.reshape(1, channels);
            Nd4j.exec(switch (op) {
                case "sub" -> new SubOp(x, w, z);
                case "mul" -> new MulOp(x, w, z);
                default -> new AddOp(x, w, z);
            });
        }
    }

    /** DL4J's helper for everything but a training step's statistics and backward pass over rows. */
    static final class RowWise extends DelegatingHelper<BatchNormalizationHelper> implements BatchNormalizationHelper {
        private INDArray mean;
        private INDArray var;
        private boolean ours;
        int trainingForwards;
        int backwards;

        RowWise(BatchNormalizationHelper delegate) {
            super(delegate);
        }

        @Override
        public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray globalMean,
                INDArray globalVar, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            View v = training ? View.of(x, format) : null;
            ours = v != null;
            if (!ours) {
                return delegate.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format, workspaceMgr);
            }
            trainingForwards++;
            INDArray x2 = v.x2();
            long m = v.m();
            long c = v.channels();
            INDArray centered = x2.ulike();
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                // Kept for the backward pass and for the layer's update of its running statistics, across workspaces.
                mean = v.sums(x2, 1.0 / m);
                v.broadcast("sub", x2, mean, centered);
                centered.muli(centered); // two passes, not E[x^2] - mean^2, which loses digits when the mean is large
                var = v.sums(centered, 1.0 / m);
            }
            INDArray a = scale(gamma, c, eps);
            INDArray shift = beta == null ? a.mul(mean).negi() : beta.reshape(1, c).sub(a.mul(mean));
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            INDArray out2 = v.like(out);
            v.broadcast("mul", x2, a, out2);
            v.broadcast("add", out2, shift, out2);
            return out;
        }

        /** gamma / sqrt(var + eps) as [1, c]; gamma null means one. */
        private INDArray scale(INDArray gamma, long c, double eps) {
            INDArray inv = Transforms.pow(var.add(eps), -0.5, false);
            return gamma == null ? inv : inv.muli(gamma.reshape(1, c));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
                LayerWorkspaceMgr workspaceMgr) {
            View v = ours ? View.of(input, format) : null;
            if (v == null) {
                return delegate.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, workspaceMgr);
            }
            backwards++;
            INDArray x2 = v.x2();
            long m = v.m();
            long c = v.channels();
            INDArray g2 = v.like(Shape.hasDefaultStridesForShape(epsilon) ? epsilon : epsilon.dup('c'));
            INDArray invStd = Transforms.pow(var.add(eps), -0.5, false);
            INDArray sumG = v.sums(g2, 1.0);
            INDArray centered = x2.ulike();
            v.broadcast("sub", x2, mean, centered);
            INDArray sumGx = v.sums(centered.mul(g2), 1.0);
            INDArray dGamma = sumGx.mul(invStd);
            INDArray a = gamma == null ? invStd.dup() : invStd.mul(gamma.reshape(1, c));
            // dx = a * g + b * (x - mean) - a * sum(g) / m, with b = -a * dgamma * invStd / m
            INDArray b = a.mul(dGamma).muli(invStd).divi(-m);
            INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
            INDArray dx = v.like(epsAtInput);
            v.broadcast("mul", g2, a, dx);
            v.broadcast("mul", centered, b, centered);
            dx.addi(centered);
            v.broadcast("add", dx, a.mul(sumG).divi(-m), dx);
            if (dGammaView != null) {
                dGammaView.assign(dGamma.reshape(dGammaView.shape()));
                dBetaView.assign(sumG.reshape(dBetaView.shape()));
            }
            Gradient grad = new DefaultGradient();
            grad.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            grad.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
            return new Pair<>(grad, epsAtInput);
        }

        @Override
        public boolean checkSupported(double eps, boolean fixedGammaBeta) {
            return delegate.checkSupported(eps, fixedGammaBeta);
        }

        @Override
        public INDArray getMeanCache(DataType dataType) {
            return ours ? mean.reshape(mean.length()) : delegate.getMeanCache(dataType);
        }

        @Override
        public INDArray getVarCache(DataType dataType) {
            return ours ? var.reshape(var.length()) : delegate.getVarCache(dataType);
        }

    }
}
