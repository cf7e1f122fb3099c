package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.transfer4j.plan.TaskData;
import org.transfer4j.api.Transfer;
import org.transfer4j.api.Fit;
import org.transfer4j.api.TransferResult;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;

/**
 * The advisor's prediction checked against what it predicts: probes on at most 150 of 500 Fashion-MNIST
 * training images (LeNet, classes 5-9), then the recommended strategy trained on all 500 as the advice
 * says; its validation accuracy must fall within three of the advice's standard errors.
 */
class StrategyAdvisorIT {
    @Test
    void theRecommendedStrategysFullRunLandsWithinTheAdvisedUncertainty() throws Exception {
        TaskData data = TaskData.fashionMnist(5, 6, 7, 8, 9).k(100).validationPerClass(60).testLimit(10);
        StrategyAdvice a = StrategyAdvisor.of(Base.architecture("LeNet")).probeExamples(150).validationExamples(300)
                .blocks(1).budgetSeconds(240).training(4, 40, 32).on(data);
        assertEquals(500, a.trainExamples());
        assertEquals(300, a.probeValidation());
        assertTrue(a.probes().stream().filter(StrategyAdvice.Probe::ran).count() >= 9, a.probeTable());
        // a LeNet learns these classes from scratch on 38 images already (random frozen features may stay at chance)
        a.probes().stream().filter(p -> p.ran() && p.strategy().equals(Strategy.scratch()))
                .forEach(p -> assertTrue(p.validationAccuracy() > 0.6, a.probeTable()));
        StrategyAdvice.Recommendation r = a.recommendation();
        StrategyAdvice.Curve c = a.curves().stream().filter(x -> x.strategy().equals(r.strategy())).findFirst().orElseThrow();
        TransferResult full = Transfer.from(Base.architecture("LeNet")).strategy(r.strategy()).learningRate(1e-3)
                .fit(data, Fit.epochs(c.fullEpochs()).patience(c.fullEpochs()).batchSize(32).progressBar(false));
        double actual = full.validationAccuracy();
        assertTrue(Math.abs(actual - r.expectedAccuracy()) <= 3 * r.standardError(), String.format(
                "full run %.3f, advised %.3f +- %.3f%n%s%n%s", actual, r.expectedAccuracy(), r.standardError(), a.curveTable(),
                a.probeTable()));
        assertTrue(r.expectedSeconds() > 0 && r.learningRateLow() <= 1e-3 * 3 && r.learningRateHigh() >= 1e-3 / 3, r.text());
    }
}
