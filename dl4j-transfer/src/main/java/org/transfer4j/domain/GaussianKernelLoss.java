package org.transfer4j.domain;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch loss over sums of Gaussian kernels exp(-d^2 / g) (MMD, JAN): the bandwidths g are {@code bandwidths} if
 * given, else the median heuristic, the median squared distance between the batch's rows times {@code multipliers}
 * (taken as constants, not differentiated).
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
        double median = MmdLoss.medianOffDiagonal(dist);
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
}
