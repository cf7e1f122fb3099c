package org.transfer4j.domain;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Training settings shared by every method of a domain-adaptation comparison. Where each default comes from is
 * part of the protocol: none was chosen by accuracy on target labels (see {@link #defaults(int, int)}).
 *
 * @param steps         training steps per run (the same for every method, baselines included)
 * @param batch         rows per domain per step (an adapting step sees {@code batch} source and {@code batch}
 *                      target rows)
 * @param learningRate  Adam's initial rate mu0
 * @param annealed      whether the rate follows Ganin et al.'s mu0 / (1 + 10 p)^0.75 over the run's progress p
 * @param domainHidden  units of DANN's domain classifier's hidden layer
 * @param dannLambda    the reversal strength DANN's schedule 2 / (1 + exp(-10 p)) - 1 rises to
 * @param coralWeight   weight of CORAL on the logits
 * @param mmdWeight     weight of multi-kernel MMD on the features
 * @param entropyWeight weight of the entropy of the target predictions (0: off) for the alignment methods
 * @param adaBn         whether the alignment methods also get AdaBN (BatchNorm statistics recomputed on the
 *                      target images after training)
 * @param splitBatchNorm whether the alignment methods train with domain-specific batch normalization: every
 *                      BatchNorm layer that trains normalizes the source rows and the target rows of a step by their
 *                      own batch statistics (Chang et al. 2019); implies AdaBN after training, since the network has
 *                      learnt on target activations normalized by target statistics
 */
public record DomainOptions(int steps, int batch, double learningRate, boolean annealed, int domainHidden,
                            double dannLambda, double coralWeight, double mmdWeight, double entropyWeight, boolean adaBn,
                            boolean splitBatchNorm) {

    /**
     * The defaults, each from an anchor: Adam at 1e-3 (the project's optimiser) annealed as in Ganin et al. 2016
     * (mu0 / (1 + 10 p)^0.75); DANN's schedule up to 1 with a 100-unit domain classifier at the same rate as the
     * rest (Ganin et al. 2016, their MNIST network); MMD at trade-off 1 (tllib's DAN scripts); CORAL at weight 1 on
     * the logits (Sun and Saenko 2016 put CORAL on the last layer, where the two losses end up of one size); the
     * entropy term off and AdaBN off (switches, measured apart in the study).
     */
    public static DomainOptions defaults(int steps, int batch) {
        return new DomainOptions(steps, batch, 1e-3, true, 100, 1.0, 1.0, 1.0, 0.0, false, false);
    }

    public DomainOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (batch < 2) {
            throw new IllegalArgumentException("batch must be >= 2 (covariances need two rows per domain), got " + batch);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0,1), got " + learningRate);
        }
        if (domainHidden < 1) {
            throw new IllegalArgumentException("domainHidden must be >= 1, got " + domainHidden);
        }
        if (!(dannLambda > 0)) {
            throw new IllegalArgumentException("dannLambda must be > 0, got " + dannLambda);
        }
        if (!(coralWeight >= 0) || !(mmdWeight >= 0) || !(entropyWeight >= 0)) {
            throw new IllegalArgumentException("coralWeight, mmdWeight and entropyWeight must be >= 0, got " + coralWeight
                    + ", " + mmdWeight + ", " + entropyWeight);
        }
    }

    /** DANN's reversal strength at {@code step}: the paper's schedule over the whole run, times dannLambda. */
    public double lambdaAt(int step) {
        return dannLambda * GradientReversal.scheduledLambda((double) step / steps);
    }

    /**
     * The updater of every trained layer: Adam, its rate annealed over the steps when {@link #annealed} (DL4J's
     * InverseSchedule is mu0 / (1 + gamma t)^power on the iteration t, so gamma = 10 / steps gives Ganin's form).
     */
    public Adam updater() {
        return annealed ? new Adam(new InverseSchedule(ScheduleType.ITERATION, learningRate, 10.0 / steps, 0.75))
                : new Adam(learningRate);
    }

    public DomainOptions withSteps(int s) {
        return new DomainOptions(s, batch, learningRate, annealed, domainHidden, dannLambda, coralWeight, mmdWeight,
                entropyWeight, adaBn, splitBatchNorm);
    }

    public DomainOptions withEntropy(double w) {
        return new DomainOptions(steps, batch, learningRate, annealed, domainHidden, dannLambda, coralWeight, mmdWeight, w,
                adaBn, splitBatchNorm);
    }

    public DomainOptions withAdaBn(boolean on) {
        return new DomainOptions(steps, batch, learningRate, annealed, domainHidden, dannLambda, coralWeight, mmdWeight,
                entropyWeight, on, splitBatchNorm);
    }

    public DomainOptions withWeights(double coral, double mmd) {
        return new DomainOptions(steps, batch, learningRate, annealed, domainHidden, dannLambda, coral, mmd, entropyWeight,
                adaBn, splitBatchNorm);
    }

    public DomainOptions withLearningRate(double rate) {
        return new DomainOptions(steps, batch, rate, annealed, domainHidden, dannLambda, coralWeight, mmdWeight,
                entropyWeight, adaBn, splitBatchNorm);
    }

    public DomainOptions withSplitBatchNorm(boolean on) {
        return new DomainOptions(steps, batch, learningRate, annealed, domainHidden, dannLambda, coralWeight, mmdWeight,
                entropyWeight, adaBn, on);
    }

    /** Whether AdaBN follows training: asked for, or implied by the split batch normalization. */
    public boolean adaBnAfter() {
        return adaBn || splitBatchNorm;
    }
}
