package org.transfer4j.plan;

import java.util.Arrays;

/**
 * The fine-tuning settings: updater and head learning rate (backbone rates derive from it), an
 * optional per-epoch exponential decay, L2 weight decay on every trained layer, and the seed of the
 * head's initialisation and of the training order. The engine turns it into DL4J updaters
 * ({@code org.transfer4j.transfer.plan.Updaters}).
 */
public record Optimizer(Updater updater, double learningRate, double lrDecayPerEpoch, double weightDecay, long seed) {
    /** The updaters a plan can name. */
    public enum Updater { ADAM, NESTEROVS, SGD }

    public Optimizer(double learningRate, double weightDecay, long seed) {
        this(Updater.ADAM, learningRate, 1.0, weightDecay, seed);
    }

    public Optimizer {
        if (updater == null) {
            throw new IllegalArgumentException("updater is required, one of " + Arrays.toString(Updater.values()));
        }
        if (!(lrDecayPerEpoch > 0 && lrDecayPerEpoch <= 1)) {
            throw new IllegalArgumentException("lrDecayPerEpoch must be in (0,1] (1 = constant rate), got " + lrDecayPerEpoch);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0,1), got " + learningRate);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
    }

    public Optimizer withLearningRate(double rate) {
        return new Optimizer(updater, rate, lrDecayPerEpoch, weightDecay, seed);
    }

    public Optimizer withUpdater(Updater u) {
        return new Optimizer(u, learningRate, lrDecayPerEpoch, weightDecay, seed);
    }

    public Optimizer withDecayPerEpoch(double perEpoch) {
        return new Optimizer(updater, learningRate, perEpoch, weightDecay, seed);
    }

    public Optimizer withWeightDecay(double l2) {
        return new Optimizer(updater, learningRate, lrDecayPerEpoch, l2, seed);
    }

    public Optimizer withSeed(long s) {
        return new Optimizer(updater, learningRate, lrDecayPerEpoch, weightDecay, s);
    }
}
