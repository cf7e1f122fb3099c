package org.transfer4j.domain;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Joint maximum mean discrepancy (Long et al. 2017, JAN): weight x JMMD^2 between the batch's source and target rows
 * of the joint distribution of features and predictions. It reads one input, the features and the logits side by
 * side (a merge of the two vertices, {@code features} columns first); the prediction is softmax(logits). The kernel
 * is the product of a kernel on the features and a kernel on the predictions, a^T (K_f . K_p) a with a_i = 1/n_s for
 * source rows and -1/n_t for target rows, as tllib's {@code JointMultipleKernelMaximumMeanDiscrepancy}: K_f is the
 * sum of Gaussians of {@link MmdLoss} (median heuristic, multipliers 1/4 to 4), K_p one Gaussian of sigma 0.92
 * (tllib's JAN script) on the predictions. Gradients reach both the features and the logits: pairing a source image
 * with a target image counts only when both their features and their predicted classes are close, which is what
 * makes the alignment class-conditional.
 */
public class JointMmdLoss extends GaussianKernelLoss {
    /** tllib's {@code GaussianKernel(sigma=0.92, track_running_stats=False)} on the softmax outputs. */
    public static final double PREDICTION_SIGMA = 0.92;

    private int features;

    public JointMmdLoss() {
    }

    /** @param features how many leading columns of the input are features; the rest are logits */
    public JointMmdLoss(double weight, int features) {
        super(weight);
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, got " + features);
        }
        this.features = features;
    }

    /** Fixed feature bandwidths (for gradient checks). */
    public JointMmdLoss(double weight, int features, double... bandwidths) {
        super(weight, bandwidths);
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, got " + features);
        }
        this.features = features;
    }

    public int getFeatures() {
        return features;
    }

    public void setFeatures(int features) {
        this.features = features;
    }

    @Override
    protected Value value(INDArray x, boolean[] source) {
        int n = source.length;
        long width = x.size(1);
        if (width <= features) {
            throw new IllegalArgumentException("JointMmdLoss reads " + features + " feature columns and then the logits, but"
                    + " its input has " + width + " columns");
        }
        int ns = rows(source, true).length;
        if (ns == 0 || ns == n) {
            return new Value(0, Nd4j.zeros(x.dataType(), x.shape()));
        }
        INDArray f = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, features)).dup();
        INDArray p = Transforms.softmax(x.get(NDArrayIndex.all(), NDArrayIndex.interval(features, width)).dup(), false);
        INDArray df = squaredDistances(f);
        double[] g = bandwidthsFor(df);
        INDArray kf = Nd4j.zeros(x.dataType(), n, n);
        INDArray kfOverG = Nd4j.zeros(x.dataType(), n, n);
        for (double gb : g) {
            INDArray e = Transforms.exp(df.div(-gb), false);
            kf.addi(e);
            kfOverG.addi(e.div(gb));
        }
        double gp = 2 * PREDICTION_SIGMA * PREDICTION_SIGMA;
        INDArray kp = Transforms.exp(squaredDistances(p).divi(-gp), false);
        INDArray a = signedWeights(source, x.dataType());
        INDArray aa = a.mmul(a.transpose());
        double loss = weight * aa.mul(kf).muli(kp).sumNumber().doubleValue();
        // d/dx_i of sum_ij A_ij Kf_ij Kp_ij, for a Gaussian factor exp(-D_ij/g): -4 sum_j G_ij (x_i - x_j), with G the
        // other factors times exp(-D_ij/g)/g, as in MmdLoss.
        INDArray gf = aa.mul(kfOverG).muli(kp);
        INDArray gradF = f.mulColumnVector(gf.sum(1).reshape(n, 1)).subi(gf.mmul(f)).muli(-4 * weight);
        INDArray gpm = aa.mul(kf).muli(kp).divi(gp);
        INDArray gradP = p.mulColumnVector(gpm.sum(1).reshape(n, 1)).subi(gpm.mmul(p)).muli(-4 * weight);
        // through the softmax: dL/dz = p . (dL/dp - sum_k p_k dL/dp_k)
        INDArray gradZ = gradP.sub(gradP.mul(p).sum(1).reshape(n, 1)).muli(p);
        return new Value(loss, Nd4j.hstack(gradF, gradZ));
    }

    @Override
    public String name() {
        return "JointMmdLoss(weight=" + weight + ", features=" + features + ", " + kernels() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JointMmdLoss m && m.features == features && sameKernels(m);
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(weight) * 31 + features) * 31 + Arrays.hashCode(getMultipliers());
    }

    @Override
    public String toString() {
        return name();
    }
}
