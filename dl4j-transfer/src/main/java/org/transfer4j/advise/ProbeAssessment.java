package org.transfer4j.advise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.transfer4j.plan.Strategy;
import org.transfer4j.train.Epochs;

/** Learning curves, wall times and the choice, from the probes that finished at the base rate. */
final class ProbeAssessment {
    private final StrategyAdvisor settings;
    private final ProbeRunner probes;
    private final int validation;
    private final int fullTrain;
    private final int fullValidation;

    ProbeAssessment(StrategyAdvisor settings, ProbeRunner probes, int validation, int fullTrain, int fullValidation) {
        this.settings = settings;
        this.probes = probes;
        this.validation = validation;
        this.fullTrain = fullTrain;
        this.fullValidation = fullValidation;
    }

    List<StrategyAdvice.Curve> curves(List<Strategy> which) {
        int fullEpochs = Epochs.atLeast(fullTrain, settings.batchSize, settings.minEpochs, settings.minSteps);
        int stepsPerEpoch = Epochs.stepsPerEpoch(fullTrain, settings.batchSize);
        List<StrategyAdvice.Curve> curves = new ArrayList<>();
        for (Strategy s : which) {
            List<StrategyAdvice.Probe> done = probes.done(s, settings.learningRate);
            if (done.isEmpty()) {
                continue;
            }
            LearningCurve lc = LearningCurve.fit(done.stream().map(q -> new LearningCurve.Point(q.examples(),
                    q.validationAccuracy(), validation)).toList());
            LearningCurve.Estimate e = lc.at(fullTrain);
            double seconds = WallTime.fit(probes.times(s)).predict(fullTrain, fullValidation, fullEpochs, stepsPerEpoch);
            double measured = done.stream().max(Comparator.comparingInt(StrategyAdvice.Probe::examples)).orElseThrow()
                    .validationAccuracy();
            double q = (measured * validation + 1) / (validation + 2); // Agresti-Coull: a perfect score is not a certainty
            curves.add(new StrategyAdvice.Curve(s, done.size(), lc.scale(), lc.exponent(), e.accuracy(), e.standardError(),
                    seconds, fullEpochs, measured, Math.sqrt(q * (1 - q) / validation)));
        }
        return curves;
    }

    /**
     * Strategies are told apart by the noise of what was measured (the largest probes' binomial error); the
     * extrapolation's own uncertainty is shared by all of them and would make every strategy look alike far from
     * the probes.
     */
    static StrategyChoice.Choice choose(List<StrategyAdvice.Curve> curves) {
        return StrategyChoice.choose(curves.stream().map(c -> new StrategyChoice.Option(c.strategy(), c.expectedAccuracy(),
                c.largestProbeError(), c.expectedSeconds())).toList());
    }
}
