package org.transfer4j.domain;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss over a whole batch of features from two domains, as a DL4J loss function for a LossLayer on
 * the feature vertex. DL4J's losses are per example; here the "labels" only say which domain each row
 * comes from (column 0: 0 = source, 1 = target, same shape as the features) and the loss compares the
 * two groups of rows. DL4J's convention is kept: the score is the batch loss (what averaging per-example
 * scores gives), the gradient is that of N x the batch loss (the updater divides by the batch size N).
 * Masks are not supported: every row belongs to one domain.
 */
public abstract class BatchDomainLoss implements ILossFunction {
    /** The trade-off: the loss is weight x the discrepancy. Public bean property, so that it serialises with the model. */
    protected double weight = 1.0;

    protected BatchDomainLoss() {
    }

    protected BatchDomainLoss(double weight) {
        this.weight = weight;
    }

    public double getWeight() {
        return weight;
    }

    public void setWeight(double weight) {
        this.weight = weight;
    }
    /** The loss value and its gradient with respect to the activations, for the batch. */
    protected record Value(double loss, INDArray gradient) {
    }

    /** @param source rows of {@code x} from the source domain (the rest are target) */
    protected abstract Value value(INDArray x, boolean[] source);

    private static boolean[] source(INDArray labels) {
        boolean[] s = new boolean[(int) labels.size(0)];
        for (int i = 0; i < s.length; i++) {
            s[i] = labels.getDouble(i, 0) < 0.5;
        }
        return s;
    }

    private Pair<Double, INDArray> both(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (mask != null) {
            throw new IllegalArgumentException(name() + " does not support masks: every row is a source or a target example");
        }
        INDArray a = activationFn.getActivation(preOutput.dup(), true);
        Value v = value(a, source(labels));
        INDArray dLda = v.gradient().muli(preOutput.size(0));
        INDArray dLdz = activationFn.backprop(preOutput.dup(), dLda).getFirst();
        return Pair.of(v.loss(), dLdz);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double l = both(labels, preOutput, activationFn, mask).getFirst();
        return average ? l : l * preOutput.size(0);
    }

    /** The batch loss spread evenly over the rows (the loss has no per-example decomposition). */
    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double l = both(labels, preOutput, activationFn, mask).getFirst();
        return Nd4j.valueArrayOf(new long[] {preOutput.size(0), 1}, l, preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return both(labels, preOutput, activationFn, mask).getSecond();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                         INDArray mask, boolean average) {
        Pair<Double, INDArray> p = both(labels, preOutput, activationFn, mask);
        return Pair.of(average ? p.getFirst() : p.getFirst() * preOutput.size(0), p.getSecond());
    }

    static int[] rows(boolean[] source, boolean want) {
        return java.util.stream.IntStream.range(0, source.length).filter(i -> source[i] == want).toArray();
    }
}
