package org.transfer4j.domain;

import java.util.Random;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.train.Rows;

/**
 * Trains one method for a fixed number of steps. Adapting methods see balanced batches: {@code batch}
 * labelled source rows and {@code batch} unlabelled target rows per step; the label loss is masked to
 * the source rows, the domain output sees all rows. DANN's reversal strength follows
 * {@link GradientReversal#scheduledLambda(double)} over the steps.
 */
public final class DomainTrainer {
    /** The data of a run; {@code targetY} is read by the oracle only. */
    public record Data(INDArray sourceX, INDArray sourceY, INDArray targetX, INDArray targetY) {
    }

    private DomainTrainer() {
    }

    public static void train(ComputationGraph g, DomainMethod m, Data d, DomainOptions o, long seed, Runnable afterStep) {
        Random rng = new Random(seed);
        Cycle source = new Cycle((int) d.sourceX().size(0), rng);
        Cycle target = new Cycle((int) d.targetX().size(0), rng);
        int b = o.batch();
        long numClasses = d.sourceY().size(1);
        INDArray domainLabels = m.adapts() ? domainLabels(g, m, d.sourceX(), b) : null;
        INDArray labelMask = Nd4j.vstack(Nd4j.ones(d.sourceX().dataType(), b, 1), Nd4j.zeros(d.sourceX().dataType(), b, 1));
        for (int step = 0; step < o.steps(); step++) {
            switch (m) {
                case SOURCE_ONLY -> {
                    int[] s = source.next(b);
                    g.fit(new DataSet(Rows.pull(d.sourceX(), s), Rows.pull(d.sourceY(), s)));
                }
                case ORACLE -> {
                    int[] t = target.next(b);
                    g.fit(new DataSet(Rows.pull(d.targetX(), t), Rows.pull(d.targetY(), t)));
                }
                default -> {
                    if (m == DomainMethod.DANN) {
                        ((GradientReversal) g.getLayer(DomainNetworks.GRL).conf().getLayer())
                                .setLambda(o.lambdaAt(step));
                    }
                    int[] s = source.next(b);
                    int[] t = target.next(b);
                    INDArray x = Nd4j.vstack(Rows.pull(d.sourceX(), s), Rows.pull(d.targetX(), t));
                    INDArray y = Nd4j.vstack(Rows.pull(d.sourceY(), s), Nd4j.zeros(d.sourceY().dataType(), b, numClasses));
                    g.fit(new MultiDataSet(new INDArray[] {x}, new INDArray[] {y, domainLabels}, null,
                            new INDArray[] {labelMask, null}));
                }
            }
            afterStep.run();
        }
    }

    /**
     * DANN: one-hot domain (source [1,0], target [0,1]). CORAL / MMD: the domain indicator in every
     * column of a features-shaped array (those losses read column 0; the shape keeps DL4J's checks happy).
     */
    static INDArray domainLabels(ComputationGraph g, DomainMethod m, INDArray example, int b) {
        long width = m == DomainMethod.DANN ? 2
                : g.feedForward(new INDArray[] {Rows.pull(example, new int[] {0})}, false).get(DomainNetworks.DOMAIN_OUTPUT).size(1);
        INDArray labels = Nd4j.zeros(example.dataType(), 2L * b, width);
        for (int i = 0; i < 2 * b; i++) {
            if (m == DomainMethod.DANN) {
                labels.putScalar(i, i < b ? 0 : 1, 1.0);
            } else if (i >= b) {
                labels.getRow(i).assign(1.0);
            }
        }
        return labels;
    }

    /** Endless shuffled passes over row indices. */
    private static final class Cycle {
        private final int[] order;
        private final Random rng;
        private int next;

        Cycle(int n, Random rng) {
            this.order = IntStream.range(0, n).toArray();
            this.rng = rng;
            KShotSampler.shuffle(order, rng);
        }

        int[] next(int k) {
            int[] out = new int[k];
            for (int i = 0; i < k; i++) {
                if (next == order.length) {
                    KShotSampler.shuffle(order, rng);
                    next = 0;
                }
                out[i] = order[next++];
            }
            return out;
        }
    }
}
