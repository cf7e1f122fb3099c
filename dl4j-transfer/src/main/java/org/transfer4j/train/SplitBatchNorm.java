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
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Domain-specific batch normalization for one training step (Chang et al. 2019, "Domain-Specific Batch
 * Normalization"; AdaBN's idea applied while training): a batch whose first {@code split} rows come from one domain
 * and whose other rows come from another is normalized with each part's own batch statistics, so that in every
 * BatchNorm layer each domain reaches the next layer centred and scaled on its own. With one mixed set of statistics
 * a shift of brightness or polarity moves the target's activations away from the source's at every layer and the
 * alignment losses have to undo it with the weights.
 *
 * <p>The layer's running statistics follow the first part (the source): the network evaluates the source with
 * them, and AdaBN gives it the target's after training. gamma and beta are shared; their gradients are the sums
 * over both parts. The formulas are the batch normalization's own per part (population variance, as DL4J's helper):
 * forward x * a + (beta - mean * a) with a = gamma / sqrt(var + eps); backward dbeta = sum(g),
 * dgamma = sum(g * (x - mean)) / sqrt(var + eps), dx = a * (g - dbeta / m - (x - mean) * dgamma / (m * sqrt(var + eps))).
 * Swapped in as the layer's helper for the step only ({@link StepSwap}), so inference and saved models never see it.
 */
final class SplitBatchNorm {
    private static final StepSwap<BatchNormalization, BatchNormalizationHelper> HELPER =
            StepSwap.field(BatchNormalization.class, "helper", BatchNormalizationHelper.class);

    private SplitBatchNorm() {
    }

    /** Runs {@code step} (a fit) with every batch-normalization layer of {@code net} normalizing rows [0, split) and the rest apart. */
    static int during(Model net, int split, Runnable step) {
        if (split < 1) {
            throw new IllegalArgumentException("split must be >= 1, got " + split);
        }
        List<BatchNormalization> layers = new ArrayList<>();
        for (Layer l : Nets.layers(net)) {
            if (l instanceof BatchNormalization bn) {
                layers.add(bn);
            }
        }
        List<Split> used = new ArrayList<>();
        int n = HELPER.during(layers, (l, h) -> {
            Split s = new Split(h, split);
            used.add(s);
            return s;
        }, step);
        for (int i = 0; i < used.size(); i++) {
            // DL4J's BatchNormalization catches a helper's exception, logs it and goes on with its own code, which
            // would train with mixed statistics unnoticed: a step whose helper did not run is an error here.
            if (used.get(i).trainingForwards == 0 || used.get(i).backwards == 0) {
                throw new IllegalStateException("batch normalization '" + layers.get(i).conf().getLayer().getLayerName()
                        + "' did not normalize the two domains apart (see the warning DL4J logged)");
            }
        }
        return n;
    }

    static BatchNormalizationHelper helper(BatchNormalization l) {
        return HELPER.get(l);
    }

    /** The helper of a split step; the layer's own helper (which may be null) answers nothing but memory questions. */
    static final class Split implements BatchNormalizationHelper {
        private final BatchNormalizationHelper own;
        private final int split;
        private final INDArray[] mean = new INDArray[2];
        private final INDArray[] var = new INDArray[2];
        int trainingForwards;
        int backwards;

        Split(BatchNormalizationHelper own, int split) {
            this.own = own;
            this.split = split;
        }

        private INDArrayIndex[] part(INDArray x, int p) {
            INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
            idx[0] = p == 0 ? NDArrayIndex.interval(0, split) : NDArrayIndex.interval(split, x.size(0));
            for (int d = 1; d < idx.length; d++) {
                idx[d] = NDArrayIndex.all();
            }
            return idx;
        }

        private void checkRows(INDArray x) {
            if (x.size(0) <= split) {
                throw new IllegalStateException("a split batch normalization needs more than " + split + " rows, got "
                        + x.size(0) + ": both domains must be in the batch");
            }
        }

        @Override
        public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray globalMean,
                INDArray globalVar, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            int ch = channelAxis(x, format);
            long c = x.size(ch);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            if (!training) {
                normalise(x, globalMean.reshape(1, c), globalVar.reshape(1, c), gamma, beta, eps, ch, out);
                return out;
            }
            checkRows(x);
            trainingForwards++;
            int[] dims = reduced(x.rank(), ch);
            for (int p = 0; p < 2; p++) {
                INDArray xp = x.get(part(x, p));
                try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    // Kept for the backward pass and the layer's update of its running statistics, across workspaces.
                    mean[p] = xp.mean(dims).reshape(1, c).dup();
                    var[p] = xp.var(false, dims).reshape(1, c).dup();
                }
                normalise(xp, mean[p], var[p], gamma, beta, eps, ch, out.get(part(out, p)));
            }
            return out;
        }

        /** out = (x - mean) * gamma / sqrt(var + eps) + beta, per channel. */
        private static void normalise(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, double eps,
                                      int ch, INDArray out) {
            long c = x.size(ch);
            INDArray a = Transforms.pow(var.castTo(x.dataType()).add(eps), -0.5, false);
            if (gamma != null) {
                a.muli(gamma.reshape(1, c).castTo(x.dataType()));
            }
            INDArray shift = a.mul(mean.castTo(x.dataType())).negi();
            if (beta != null) {
                shift.addi(beta.reshape(1, c).castTo(x.dataType()));
            }
            INDArray t = x.ulike();
            Nd4j.exec(new BroadcastMulOp(x, a.reshape(c), t, ch));
            Nd4j.exec(new BroadcastAddOp(t, shift.reshape(c), t, ch));
            out.assign(t);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
                LayerWorkspaceMgr workspaceMgr) {
            if (mean[0] == null) {
                throw new IllegalStateException("backward pass without a training forward pass");
            }
            backwards++;
            int ch = channelAxis(input, format);
            long c = input.size(ch);
            int[] dims = reduced(input.rank(), ch);
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
            INDArray dGammaSum = Nd4j.zeros(input.dataType(), 1, c);
            INDArray dBetaSum = Nd4j.zeros(input.dataType(), 1, c);
            for (int p = 0; p < 2; p++) {
                INDArray xp = input.get(part(input, p));
                INDArray gp = epsilon.get(part(epsilon, p));
                long m = xp.length() / c;
                INDArray mu = mean[p].castTo(input.dataType()).reshape(c);
                INDArray invStd = Transforms.pow(var[p].castTo(input.dataType()).add(eps), -0.5, false).reshape(1, c);
                INDArray centered = xp.ulike();
                Nd4j.exec(new BroadcastSubOp(xp, mu, centered, ch));
                INDArray sumG = gp.sum(dims).reshape(1, c);
                INDArray dGamma = centered.mul(gp).sum(dims).reshape(1, c).muli(invStd);
                INDArray a = gamma == null ? invStd.dup() : invStd.mul(gamma.reshape(1, c).castTo(input.dataType()));
                // dx = a * g + b * (x - mean) - a * sum(g) / m, with b = -a * dgamma * invStd / m
                INDArray b = a.mul(dGamma).muli(invStd).divi(-m);
                INDArray t = xp.ulike();
                Nd4j.exec(new BroadcastMulOp(gp, a.reshape(c), t, ch));
                Nd4j.exec(new BroadcastMulOp(centered, b.reshape(c), centered, ch));
                t.addi(centered);
                Nd4j.exec(new BroadcastAddOp(t, a.mul(sumG).divi(-m).reshape(c), t, ch));
                dx.get(part(dx, p)).assign(t);
                dGammaSum.addi(dGamma);
                dBetaSum.addi(sumG);
            }
            if (dGammaView != null) {
                dGammaView.assign(dGammaSum.reshape(dGammaView.shape()));
                dBetaView.assign(dBetaSum.reshape(dBetaView.shape()));
            }
            Gradient grad = new DefaultGradient();
            grad.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            grad.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
            return new Pair<>(grad, dx);
        }

        private static int channelAxis(INDArray x, CNN2DFormat format) {
            return x.rank() == 2 ? 1 : format == CNN2DFormat.NHWC ? 3 : 1;
        }

        private static int[] reduced(int rank, int ch) {
            return java.util.stream.IntStream.range(0, rank).filter(d -> d != ch).toArray();
        }

        @Override
        public boolean checkSupported(double eps, boolean fixedGammaBeta) {
            return true;
        }

        /** The first part's (the source's) statistics: the layer's running statistics follow them. */
        @Override
        public INDArray getMeanCache(DataType dataType) {
            return mean[0].reshape(mean[0].length()).castTo(dataType);
        }

        @Override
        public INDArray getVarCache(DataType dataType) {
            return var[0].reshape(var[0].length()).castTo(dataType);
        }

        @Override
        public java.util.Map<String, Long> helperMemoryUse() {
            return own == null ? java.util.Map.of() : own.helperMemoryUse();
        }

        @Override
        public boolean checkSupported() {
            return true;
        }
    }
}
