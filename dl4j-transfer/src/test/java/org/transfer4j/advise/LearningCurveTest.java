package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LearningCurveTest {
    private static final double A = 2.0;
    private static final double ALPHA = 0.4;

    /** A point on error = A n^-ALPHA. */
    private static LearningCurve.Point on(int n, int validation) {
        return new LearningCurve.Point(n, 1 - A * Math.pow(n, -ALPHA), validation);
    }

    @Test
    void pointsOnAPowerLawAreExtrapolatedAlongIt() {
        LearningCurve c = LearningCurve.fit(List.of(on(50, 400), on(100, 400), on(200, 400)));
        assertEquals(ALPHA, c.exponent(), 1e-12);
        assertEquals(A, c.scale(), 1e-12);
        assertEquals(1 - A * Math.pow(1600, -ALPHA), c.at(1600).accuracy(), 1e-12);
    }

    @Test
    void theStandardErrorIsTheBinomialFloorsPredictionIntervalAndGrowsWithTheExtrapolation() {
        LearningCurve c = LearningCurve.fit(List.of(on(50, 400), on(100, 400), on(200, 400)));
        double var = 0;
        for (int n : new int[] {50, 100, 200}) {
            double err = A * Math.pow(n, -ALPHA);
            double q = ((1 - err) * 400 + 1) / 402;
            var += q * (1 - q) / 400 / (err * err) / 3;
        }
        // On the power law the residuals are 0, so the noise is the binomial floor; at n = 100 (the mean ln n) the
        // leverage is 0: se^2 = var (1 + 1/3) in log error, times the error in accuracy.
        assertEquals(A * Math.pow(100, -ALPHA) * Math.sqrt(var * (1 + 1.0 / 3)), c.at(100).standardError(), 1e-12);
        double lev = Math.pow(Math.log(1600) - Math.log(100), 2) / (2 * Math.log(2) * Math.log(2));
        assertEquals(A * Math.pow(1600, -ALPHA) * Math.sqrt(var * (1 + 1.0 / 3 + lev)), c.at(1600).standardError(), 1e-12);
        assertTrue(c.at(6400).standardError() / (1 - c.at(6400).accuracy()) > c.at(1600).standardError() / (1 - c.at(1600).accuracy()));
    }

    @Test
    void residualsAboveTheBinomialNoiseWidenTheInterval() {
        LearningCurve tight = LearningCurve.fit(List.of(on(50, 400), on(100, 400), on(200, 400)));
        // errors 0.4, 0.1, 0.2: log errors about their line have residuals r, -2r, r with r = (ln 0.4 + ln 0.2 - 2 ln 0.1) / 6
        LearningCurve bent = LearningCurve.fit(List.of(new LearningCurve.Point(50, 0.6, 400),
                new LearningCurve.Point(100, 0.9, 400), new LearningCurve.Point(200, 0.8, 400)));
        double r = (Math.log(0.4) + Math.log(0.2) - 2 * Math.log(0.1)) / 6;
        assertEquals(Math.log(2) / (2 * Math.log(2)), bent.exponent(), 1e-12, "slope of ln error: (ln 0.2 - ln 0.4) / (2 ln 2)");
        double center = Math.exp((Math.log(0.4) + Math.log(0.1) + Math.log(0.2)) / 3);
        assertEquals(center * Math.sqrt(6 * r * r * (1 + 1.0 / 3)), bent.at(100).standardError(), 1e-12);
        assertTrue(bent.at(100).standardError() > 5 * tight.at(100).standardError());
    }

    @Test
    void withFourPointsTheResidualVarianceHasTwoDegreesOfFreedom() {
        // expected values from numpy's lstsq on ln(1 - accuracy) against ln n, residual variance rss / (4 - 2)
        LearningCurve c = LearningCurve.fit(List.of(new LearningCurve.Point(50, 0.6, 400), new LearningCurve.Point(100, 0.9, 400),
                new LearningCurve.Point(200, 0.8, 400), new LearningCurve.Point(400, 0.9, 400)));
        assertEquals(0.5, c.exponent(), 1e-12);
        assertEquals(0.9367544467966324, c.at(1000).accuracy(), 1e-12);
        assertEquals(0.06401005703358743, c.at(1000).standardError(), 1e-12);
    }

    @Test
    void aRisingErrorIsTakenAsFlatAndAPerfectScoreIsNotACertainty() {
        LearningCurve rising = LearningCurve.fit(List.of(new LearningCurve.Point(50, 0.8, 100),
                new LearningCurve.Point(100, 0.7, 100)));
        assertEquals(0, rising.exponent());
        assertEquals(1 - Math.sqrt(0.2 * 0.3), rising.at(10_000).accuracy(), 1e-12, "the geometric mean error");
        // two points: no residual degrees of freedom, the binomial floor alone
        double v = 0;
        for (double acc : new double[] {0.8, 0.7}) {
            double q = (acc * 100 + 1) / 102;
            v += q * (1 - q) / 100 / ((1 - acc) * (1 - acc)) / 2;
        }
        double lev = Math.pow(Math.log(10_000) - (Math.log(50) + Math.log(100)) / 2, 2) / (2 * Math.pow(Math.log(2) / 2, 2));
        assertEquals(Math.sqrt(0.2 * 0.3) * Math.sqrt(v * (1 + 0.5 + lev)), rising.at(10_000).standardError(), 1e-12);
        LearningCurve perfect = LearningCurve.fit(List.of(new LearningCurve.Point(10, 1.0, 100)));
        assertEquals(1 - 0.005, perfect.at(10).accuracy(), 1e-12, "half an example's error");
        assertTrue(perfect.at(10).standardError() > 0);
    }

    @Test
    void onePointGivesItsOwnAccuracyWithItsBinomialError() {
        LearningCurve one = LearningCurve.fit(List.of(new LearningCurve.Point(40, 0.6, 200)));
        double q = (0.6 * 200 + 1) / 202;
        assertEquals(0.6, one.at(4000).accuracy(), 1e-12);
        assertEquals(0.4 * Math.sqrt(q * (1 - q) / 200 / 0.16 * 2), one.at(4000).standardError(), 1e-12);
    }

    @Test
    void badPointsAreRefusedNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LearningCurve.Point(0, 0.5, 10)).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LearningCurve.Point(5, 1.5, 10)).getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> new LearningCurve.Point(5, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.fit(List.of()));
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.fit(List.of(on(5, 10))).at(0));
        // the boundaries themselves are fine
        assertEquals(0.5, LearningCurve.fit(List.of(new LearningCurve.Point(1, 0.5, 1))).at(1).accuracy(), 1e-12);
        new LearningCurve.Point(1, 0.0, 1);
        new LearningCurve.Point(1, 1.0, 1);
    }
}
