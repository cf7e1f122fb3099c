package org.transfer4j.domain;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Entropy minimisation on the target rows (VADA, Shu et al. 2018; the "+E" of CDAN+E): weight x the mean over the
 * batch's target rows of H(softmax(z)), z the logits this loss reads. It pushes target predictions away from the
 * decision boundaries, the class-conditional term that marginal alignment lacks. Source rows get no gradient.
 */
public class EntropyLoss extends BatchDomainLoss {

    public EntropyLoss() {
    }

    public EntropyLoss(double weight) {
        super(weight);
    }

    @Override
    protected Value value(INDArray z, boolean[] source) {
        int[] t = rows(source, false);
        INDArray grad = Nd4j.zeros(z.dataType(), z.shape());
        if (t.length == 0) {
            return new Value(0, grad);
        }
        INDArray zt = Nd4j.pullRows(z, 1, t).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray p = Transforms.softmax(zt, true);
        INDArray logp = Transforms.log(Transforms.max(p, 1e-30, true), true);
        INDArray h = p.mul(logp).sum(1).negi(); // per row
        double loss = weight * h.meanNumber().doubleValue();
        // dH/dz_j = -p_j (log p_j + H)
        INDArray g = p.mul(logp.addColumnVector(h.reshape(t.length, 1))).negi().muli(weight / t.length);
        for (int i = 0; i < t.length; i++) {
            grad.putRow(t[i], g.getRow(i).castTo(z.dataType()));
        }
        return new Value(loss, grad);
    }

    @Override
    public String name() {
        return "EntropyLoss(weight=" + weight + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntropyLoss e && e.weight == weight;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(weight);
    }

    @Override
    public String toString() {
        return name();
    }
}
