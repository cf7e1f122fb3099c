package org.transfer4j.domain;

import org.transfer4j.plan.DomainMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Progress;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.train.PlanTrainer;
import org.transfer4j.train.Rows;
import org.transfer4j.train.TrainerOptions;
import org.transfer4j.train.TrainingData;
import org.transfer4j.train.Nets;
import org.transfer4j.train.TrainingTarget;

/**
 * Trains one method for a fixed number of steps, through the project's one training loop
 * ({@link PlanTrainer}): the steps are one epoch of {@link DomainBatches}, the network with its domain
 * output is a {@link DomainTarget}. Adapting methods see balanced batches: {@code batch} labelled source
 * rows and {@code batch} unlabelled target rows per step; the label loss is the mean over the source rows
 * only, the domain (and entropy) outputs see all rows. DANN's (and CDAN's) reversal strength follows
 * {@link DomainOptions#lambdaAt(int)} over the steps. AdaBN is not training: see {@link AdaBn}.
 */
public final class DomainTrainer {
    /** The data of a run; {@code targetY} is read by the oracle only. */
    public record Data(INDArray sourceX, INDArray sourceY, INDArray targetX, INDArray targetY) {
    }

    private DomainTrainer() {
    }

    /**
     * Trains {@code g} (made by {@link DomainNetworks#attach}) for {@code o.steps()} steps.
     *
     * @param progress told of every step; not closed
     */
    public static void train(ComputationGraph g, DomainMethod m, Data d, DomainOptions o, long seed, Progress progress) {
        DomainBatches batches = new DomainBatches(m, d, o, seed);
        DomainTarget target = new DomainTarget(g, m, o, m.adapts() ? outputLabels(g, m, d.sourceX(), o.batch()) : null);
        TrainerOptions to = new TrainerOptions(1, 1, o.batch(), seed, null, false);
        try {
            PlanTrainer.train(PlanTrainer.Targets.of(target), batches, null, to, null,
                    new PlanTrainer.Hooks(Progress.unclosable(progress), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no checkpoint directory: nothing is read or written
        }
    }

    /** The fixed labels of the outputs after the label head: the domain output's, then the entropy output's if any. */
    static INDArray[] outputLabels(ComputationGraph g, DomainMethod m, INDArray example, int b) {
        List<String> outputs = g.getConfiguration().getNetworkOutputs();
        var acts = g.feedForward(new INDArray[] {Rows.pull(example, new int[] {0})}, false);
        INDArray[] out = new INDArray[outputs.size() - 1];
        for (int k = 1; k < outputs.size(); k++) {
            boolean dann = m.adversarial() && DomainNetworks.DOMAIN_OUTPUT.equals(outputs.get(k));
            out[k - 1] = domainLabels(dann, dann ? 2 : acts.get(outputs.get(k)).size(1), example.dataType(), b);
        }
        return out;
    }

    /**
     * DANN, CDAN: one-hot domain (source [1,0], target [0,1]). Batch losses (CORAL, MMD, JAN, entropy): the domain indicator
     * in every column of an activations-shaped array (those losses read column 0; the shape keeps DL4J's checks happy).
     */
    static INDArray domainLabels(boolean oneHot, long width, org.nd4j.linalg.api.buffer.DataType type, int b) {
        INDArray labels = Nd4j.zeros(type, 2L * b, width);
        for (int i = 0; i < 2 * b; i++) {
            if (oneHot) {
                labels.putScalar(i, i < b ? 0 : 1, 1.0);
            } else if (i >= b) {
                labels.getRow(i).assign(1.0);
            }
        }
        return labels;
    }

    /**
     * The network as the loop trains it: baselines fit plain batches; adapting methods get the batch's
     * rows (source then target) with the label loss masked to the source half and the fixed domain
     * labels on the second output; DANN's and CDAN's lambda is set before each step from the step count.
     */
    static final class DomainTarget implements TrainingTarget {
        private final ComputationGraph g;
        private final DomainMethod m;
        private final DomainOptions o;
        private final INDArray[] outputLabels;
        private final INDArray labelMask;
        private int step;

        DomainTarget(ComputationGraph g, DomainMethod m, DomainOptions o, INDArray[] outputLabels) {
            this.g = g;
            this.m = m;
            this.o = o;
            this.outputLabels = outputLabels;
            int b = o.batch();
            // DL4J divides an output's score (and gradient) by the whole minibatch (BaseOutputLayer:
            // score /= getInputMiniBatchSize()), masked rows included: with a 0/1 mask over b source and b target rows
            // the label loss would weigh half. A mask of 2 on the source rows makes it the mean over the source rows,
            // as in source-only training (DL4J's losses multiply score and gradient by the mask value).
            this.labelMask = Nd4j.vstack(Nd4j.valueArrayOf(new long[] {b, 1}, 2.0, Nd4j.defaultFloatingPointType()),
                    Nd4j.zeros(Nd4j.defaultFloatingPointType(), b, 1));
        }

        @Override
        public Model trained() {
            return g;
        }

        @Override
        public void fit(DataSet batch) {
            if (!m.adapts()) {
                Nets.fit(g, batch);
            } else {
                if (m.adversarial()) {
                    ((GradientReversal) g.getLayer(DomainNetworks.GRL).conf().getLayer()).setLambda(o.lambdaAt(step));
                }
                if (o.splitBatchNorm()) {
                    Nets.fitDomains(g, multi(batch), o.batch());
                } else {
                    Nets.fit(g, multi(batch));
                }
            }
            step++;
        }

        /** An adapting step's batch: the label loss masked to (and averaged over) the source rows, the fixed domain labels. */
        MultiDataSet multi(DataSet batch) {
            INDArray[] labels = new INDArray[1 + outputLabels.length];
            INDArray[] masks = new INDArray[labels.length];
            labels[0] = batch.getLabels();
            masks[0] = labelMask.castTo(batch.getFeatures().dataType());
            System.arraycopy(outputLabels, 0, labels, 1, outputLabels.length);
            return new MultiDataSet(new INDArray[] {batch.getFeatures()}, labels, null, masks);
        }

        @Override
        public INDArray output(INDArray features) {
            return g.output(false, features)[0];
        }

        @Override
        public Model complete() {
            return g;
        }
    }

    /**
     * The run's steps as one epoch: source rows (source only), target rows with their labels (oracle),
     * or source rows then target rows with zero labels (adapting methods), each side drawn from endless
     * seeded shuffled passes.
     */
    static final class DomainBatches implements TrainingData {
        private final DomainMethod m;
        private final Data d;
        private final DomainOptions o;
        private final long seed;

        DomainBatches(DomainMethod m, Data d, DomainOptions o, long seed) {
            this.m = m;
            this.d = d;
            this.o = o;
            this.seed = seed;
        }

        @Override
        public List<String> classes() {
            return IntStream.range(0, (int) d.sourceY().size(1)).mapToObj(String::valueOf).toList();
        }

        @Override
        public int size(Split split) {
            return split == Split.TRAIN ? o.steps() * o.batch() : 0;
        }

        @Override
        public int stepsPerEpoch(int batchSize) {
            return o.steps();
        }

        @Override
        public Iterator<DataSet> trainBatches(int epoch, int batchSize, long ignored) {
            Random rng = new Random(seed);
            Cycle source = new Cycle((int) d.sourceX().size(0), rng);
            Cycle target = new Cycle((int) d.targetX().size(0), rng);
            int b = o.batch();
            long numClasses = d.sourceY().size(1);
            return new Iterator<>() {
                private int step;

                @Override
                public boolean hasNext() {
                    return step < o.steps();
                }

                @Override
                public DataSet next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    step++;
                    return switch (m) {
                        case SOURCE_ONLY -> {
                            int[] s = source.next(b);
                            yield new DataSet(Rows.pull(d.sourceX(), s), Rows.pull(d.sourceY(), s));
                        }
                        case ORACLE -> {
                            int[] t = target.next(b);
                            yield new DataSet(Rows.pull(d.targetX(), t), Rows.pull(d.targetY(), t));
                        }
                        default -> {
                            int[] s = source.next(b);
                            int[] t = target.next(b);
                            yield new DataSet(Nd4j.vstack(Rows.pull(d.sourceX(), s), Rows.pull(d.targetX(), t)),
                                    Nd4j.vstack(Rows.pull(d.sourceY(), s), Nd4j.zeros(d.sourceY().dataType(), b, numClasses)));
                        }
                    };
                }
            };
        }

        @Override
        public Iterator<DataSet> batches(Split split, int batchSize) {
            return java.util.Collections.emptyIterator();
        }

        @Override
        public String fingerprint() {
            return "domain " + m + " seed=" + seed;
        }

        @Override
        public boolean augmented() {
            return false;
        }
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
