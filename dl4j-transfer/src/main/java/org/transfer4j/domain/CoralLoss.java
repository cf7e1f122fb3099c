package org.transfer4j.domain;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deep CORAL (Sun and Saenko 2016): weight x ||C_s - C_t||_F^2 / (4 d^2), the distance between the
 * feature covariances of the batch's source and target rows. Zero (no gradient) when either domain
 * has fewer than two rows.
 */
public class CoralLoss extends BatchDomainLoss {

    public CoralLoss() {
    }

    public CoralLoss(double weight) {
        super(weight);
    }

    @Override
    protected Value value(INDArray x, boolean[] source) {
        int[] s = rows(source, true);
        int[] t = rows(source, false);
        long d = x.size(1);
        INDArray grad = Nd4j.zeros(x.dataType(), x.shape());
        if (s.length < 2 || t.length < 2) {
            return new Value(0, grad);
        }
        INDArray sc = centred(Nd4j.pullRows(x, 1, s));
        INDArray tc = centred(Nd4j.pullRows(x, 1, t));
        INDArray cs = sc.transpose().mmul(sc).divi(s.length - 1);
        INDArray ct = tc.transpose().mmul(tc).divi(t.length - 1);
        INDArray diff = cs.sub(ct);
        double loss = weight * diff.mul(diff).sumNumber().doubleValue() / (4.0 * d * d);
        INDArray dCs = diff.mul(weight / (2.0 * d * d)); // d loss / d C_s; d loss / d C_t is its negative
        INDArray gs = sc.mmul(dCs).muli(2.0 / (s.length - 1));
        INDArray gt = tc.mmul(dCs).muli(-2.0 / (t.length - 1));
        for (int i = 0; i < s.length; i++) {
            grad.putRow(s[i], gs.getRow(i));
        }
        for (int i = 0; i < t.length; i++) {
            grad.putRow(t[i], gt.getRow(i));
        }
        return new Value(loss, grad);
    }

    private static INDArray centred(INDArray a) {
        return a.subRowVector(a.mean(0));
    }

    @Override
    public String name() {
        return "CoralLoss(weight=" + weight + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoralLoss c && c.weight == weight;
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
