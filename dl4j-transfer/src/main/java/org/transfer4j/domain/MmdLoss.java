package org.transfer4j.domain;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Maximum mean discrepancy with a multi-kernel Gaussian (Long et al. 2015, DAN): weight x MMD^2 between
 * the batch's source and target rows, the biased estimate a^T K a with a_i = 1/n_s for source rows
 * and -1/n_t for target rows, K = sum over bandwidths g of exp(-||x_i - x_j||^2 / g). The bandwidths
 * are {@code bandwidths} if given, else the median heuristic (Gretton et al. 2012): the median squared distance
 * between the batch's rows times {@code multipliers}, taken as constants (not differentiated), as DAN does with
 * its mean. The median, not the mean: a few far rows (a target image on a bright texture) inflate the mean and
 * flatten every kernel.
 */
public class MmdLoss extends GaussianKernelLoss {

    public MmdLoss() {
    }

    public MmdLoss(double weight) {
        super(weight);
    }

    /** Fixed bandwidths (for gradient checks and reproducible comparisons). */
    public MmdLoss(double weight, double... bandwidths) {
        super(weight, bandwidths);
    }

    @Override
    protected Value value(INDArray x, boolean[] source) {
        int n = source.length;
        int ns = rows(source, true).length;
        int nt = n - ns;
        if (ns == 0 || nt == 0) {
            return new Value(0, Nd4j.zeros(x.dataType(), x.shape()));
        }
        INDArray dist = squaredDistances(x);
        double[] g = bandwidthsFor(dist);
        INDArray k = Nd4j.zeros(x.dataType(), n, n);
        INDArray kOverG = Nd4j.zeros(x.dataType(), n, n);
        for (double gb : g) {
            INDArray e = Transforms.exp(dist.div(-gb), false);
            k.addi(e);
            kOverG.addi(e.div(gb));
        }
        INDArray a = signedWeights(source, x.dataType());
        double loss = weight * a.transpose().mmul(k).mmul(a).getDouble(0);
        INDArray gmat = a.mmul(a.transpose()).muli(kOverG); // G_ij = a_i a_j sum_b exp(-D_ij/g_b)/g_b
        // d loss / d x_i = -4 weight (rowsum(G)_i x_i - (G x)_i)
        INDArray grad = x.mulColumnVector(gmat.sum(1).reshape(n, 1)).subi(gmat.mmul(x)).muli(-4 * weight);
        return new Value(loss, grad);
    }

    @Override
    public String name() {
        return "MmdLoss(weight=" + weight + ", " + kernels() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MmdLoss m && sameKernels(m);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(weight) * 31 + Arrays.hashCode(getMultipliers());
    }

    @Override
    public String toString() {
        return name();
    }
}
