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
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
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
 * that does this for the duration of a fit step only ({@link StepSwap}); inference, channels-first maps larger than 1 x 1 and
 * anything but float keep DL4J's helper.
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
     * The [rows, channels] form of a channels-last map (or of a channels-first one of 1 x 1, as DL4J hands a dense
     * layer's [n, c] activations to the helper), a view when the array is in C order with default strides and a
     * copy otherwise (dense layers' outputs are often in F order); null when the layout does not allow one.
     */
    static INDArray rows(INDArray x, CNN2DFormat format) {
        if (x.dataType() != DataType.FLOAT || x.rank() != 4) {
            return null;
        }
        boolean channelsLast = format == CNN2DFormat.NHWC;
        if (!channelsLast && (x.size(2) != 1 || x.size(3) != 1)) {
            return null;
        }
        INDArray c = Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
        return channelsLast ? c.reshape('c', x.size(0) * x.size(1) * x.size(2), x.size(3)) : c.reshape('c', x.size(0), x.size(1));
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
            INDArray x2 = training ? rows(x, format) : null;
            ours = x2 != null;
            if (!ours) {
                return delegate.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format, workspaceMgr);
            }
            trainingForwards++;
            long m = x2.size(0);
            long c = x2.size(1);
            INDArray ones = Nd4j.ones(DataType.FLOAT, 1, m);
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                // Kept for the backward pass and for the layer's update of its running statistics, across workspaces.
                mean = Nd4j.create(DataType.FLOAT, 1, c);
                var = Nd4j.create(DataType.FLOAT, 1, c);
            }
            Nd4j.gemm(ones, x2, mean, false, false, 1.0 / m, 0.0);
            INDArray centered = x2.ulike();
            Nd4j.exec(new BroadcastSubOp(x2, mean, centered, 1));
            centered.muli(centered); // two passes, not E[x^2] - mean^2, which loses digits when the mean is large
            Nd4j.gemm(ones, centered, var, false, false, 1.0 / m, 0.0);
            INDArray a = scale(gamma, c, eps);
            INDArray shift = beta == null ? a.mul(mean).negi() : beta.reshape(1, c).sub(a.mul(mean));
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            INDArray out2 = out.reshape('c', m, c);
            Nd4j.exec(new BroadcastMulOp(x2, a, out2, 1));
            out2.addiRowVector(shift);
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
            INDArray x2 = ours ? rows(input, format) : null;
            if (x2 == null) {
                return delegate.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, workspaceMgr);
            }
            backwards++;
            long m = x2.size(0);
            long c = x2.size(1);
            INDArray g2 = (Shape.hasDefaultStridesForShape(epsilon) ? epsilon : epsilon.dup('c')).reshape('c', m, c);
            INDArray ones = Nd4j.ones(DataType.FLOAT, 1, m);
            INDArray invStd = Transforms.pow(var.add(eps), -0.5, false);
            INDArray sumG = Nd4j.create(DataType.FLOAT, 1, c);
            Nd4j.gemm(ones, g2, sumG, false, false, 1.0, 0.0);
            INDArray centered = x2.ulike();
            Nd4j.exec(new BroadcastSubOp(x2, mean, centered, 1));
            INDArray sumGx = Nd4j.create(DataType.FLOAT, 1, c);
            Nd4j.gemm(ones, centered.mul(g2), sumGx, false, false, 1.0, 0.0);
            INDArray dGamma = sumGx.mul(invStd);
            INDArray a = gamma == null ? invStd.dup() : invStd.mul(gamma.reshape(1, c));
            // dx = a * g + b * (x - mean) - a * sum(g) / m, with b = -a * dgamma * invStd / m
            INDArray b = a.mul(dGamma).muli(invStd).divi(-m);
            INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
            INDArray dx = epsAtInput.reshape('c', m, c);
            Nd4j.exec(new BroadcastMulOp(g2, a, dx, 1));
            centered.muliRowVector(b);
            dx.addi(centered);
            dx.addiRowVector(a.mul(sumG).divi(-m));
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
