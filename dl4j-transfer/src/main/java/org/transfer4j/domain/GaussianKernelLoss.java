package org.transfer4j.domain;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A batch loss over sums of Gaussian kernels exp(-d^2 / g) (MMD, JAN): the bandwidths g are {@code bandwidths} if
 * given, else the median heuristic, the median squared distance between the batch's rows times {@code multipliers}
 * (taken as constants, not differentiated). It also holds what both estimates share: the rows' squared distances, their
 * median, and the signed weights a of the biased estimate a^T K a.
 */
public abstract class GaussianKernelLoss extends BatchDomainLoss {
    private double[] multipliers = {0.25, 0.5, 1, 2, 4};
    private double[] bandwidths;

    protected GaussianKernelLoss() {
    }

    protected GaussianKernelLoss(double weight) {
        super(weight);
    }

    protected GaussianKernelLoss(double weight, double[] bandwidths) {
        super(weight);
        this.bandwidths = bandwidths.clone();
    }

    public double[] getMultipliers() {
        return multipliers;
    }

    public void setMultipliers(double[] m) {
        this.multipliers = m;
    }

    public double[] getBandwidths() {
        return bandwidths;
    }

    public void setBandwidths(double[] b) {
        this.bandwidths = b;
    }

    /** The bandwidths for rows at squared distances {@code dist}: the fixed ones, or the median heuristic's. */
    protected double[] bandwidthsFor(INDArray dist) {
        if (bandwidths != null) {
            return bandwidths;
        }
        double median = medianOffDiagonal(dist);
        double base = median > 0 ? median : 1.0;
        return Arrays.stream(multipliers).map(m -> m * base).toArray();
    }

    /** The bandwidth settings as {@code name()} shows them. */
    protected String kernels() {
        return bandwidths != null ? "bandwidths=" + Arrays.toString(bandwidths) : "multipliers=" + Arrays.toString(multipliers);
    }

    /** Same kernel settings (for subclasses' equals). */
    protected boolean sameKernels(GaussianKernelLoss o) {
        return o.weight == weight && Arrays.equals(o.multipliers, multipliers) && Arrays.equals(o.bandwidths, bandwidths);
    }

    /** The squared Euclidean distances between the rows of {@code x} (n x n, clipped at 0 against rounding). */
    static INDArray squaredDistances(INDArray x) {
        int n = (int) x.size(0);
        INDArray sq = x.mul(x).sum(1).reshape(n, 1);
        INDArray dist = x.mmul(x.transpose()).muli(-2).addiColumnVector(sq).addiRowVector(sq.reshape(1, n));
        return Transforms.max(dist, 0.0, false);
    }

    /** The median of the squared distances between distinct rows. */
    static double medianOffDiagonal(INDArray dist) {
        int n = (int) dist.size(0);
        double[][] d = dist.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        double[] v = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                v[k++] = d[i][j];
            }
        }
        if (v.length == 0) {
            return 1.0;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** a_i = 1/n_s for source rows and -1/n_t for target rows: a^T K a is the biased MMD^2 estimate. */
    static INDArray signedWeights(boolean[] source, org.nd4j.linalg.api.buffer.DataType type) {
        int ns = rows(source, true).length;
        int nt = source.length - ns;
        INDArray a = Nd4j.create(type, source.length, 1);
        for (int i = 0; i < source.length; i++) {
            a.putScalar(i, 0, source[i] ? 1.0 / ns : -1.0 / nt);
        }
        return a;
    }
}
