package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LearningCurveTest {
    private static final double A = 0.2;
    private static final double B = 0.1;

    private static LearningCurve.Point on(int n, int validation) {
        return new LearningCurve.Point(n, A + B * Math.log(n), validation);
    }

    @Test
    void pointsOnALineInLogNAreExtrapolatedAlongIt() {
        LearningCurve c = LearningCurve.fit(List.of(on(50, 400), on(100, 400), on(200, 400)));
        assertEquals(B, c.slope(), 1e-12);
        assertEquals(A, c.intercept(), 1e-12);
        assertEquals(B * Math.log(2), c.gainPerDoubling(), 1e-12);
        assertEquals(A + B * Math.log(1600), c.at(1600).accuracy(), 1e-12);
    }

    @Test
    void theStandardErrorIsTheBinomialFloorsPredictionIntervalAndGrowsWithTheExtrapolation() {
        LearningCurve c = LearningCurve.fit(List.of(on(50, 400), on(100, 400), on(200, 400)));
        double var = 0;
        for (int n : new int[] {50, 100, 200}) {
            double acc = A + B * Math.log(n);
            double p = (acc * 400 + 1) / 402;
            var += p * (1 - p) / 400 / 3;
        }
        // On the line the residuals are 0, so the noise is the binomial floor; at the centre (n = 100, mean ln n)
        // the leverage is 0: se^2 = var (1 + 1/3).
        assertEquals(Math.sqrt(var * (1 + 1.0 / 3)), c.at(100).standardError(), 1e-12);
        double sxx = 2 * Math.log(2) * Math.log(2);
        double lev = Math.pow(Math.log(1600) - Math.log(100), 2) / sxx;
        assertEquals(Math.sqrt(var * (1 + 1.0 / 3 + lev)), c.at(1600).standardError(), 1e-12);
        assertTrue(c.at(6400).standardError() > c.at(1600).standardError());
    }

    @Test
    void residualsAboveTheBinomialNoiseWidenTheInterval() {
        LearningCurve tight = LearningCurve.fit(List.of(on(50, 400), on(100, 400), on(200, 400)));
        LearningCurve bent = LearningCurve.fit(List.of(new LearningCurve.Point(50, 0.50, 400),
                new LearningCurve.Point(100, 0.80, 400), new LearningCurve.Point(200, 0.70, 400)));
        // the line through (0.5, 0.8, 0.7) is 0.567, 0.667, 0.767: residuals -1/15, 2/15, -1/15, rss 6/225 over 1 degree of freedom
        assertEquals(0.1 / Math.log(2), bent.slope(), 1e-12);
        assertEquals(Math.sqrt(6.0 / 225 * (1 + 1.0 / 3)), bent.at(100).standardError(), 1e-9);
        assertTrue(bent.at(100).standardError() > 5 * tight.at(100).standardError());
    }

    @Test
    void aFallingCurveIsTakenAsFlatAndTheEstimateIsClampedToOne() {
        LearningCurve falling = LearningCurve.fit(List.of(new LearningCurve.Point(50, 0.8, 100),
                new LearningCurve.Point(100, 0.7, 100)));
        assertEquals(0, falling.slope());
        assertEquals(0.75, falling.at(10_000).accuracy(), 1e-12);
        LearningCurve steep = LearningCurve.fit(List.of(new LearningCurve.Point(10, 0.5, 100),
                new LearningCurve.Point(20, 0.9, 100)));
        assertEquals(1.0, steep.at(1000).accuracy());
    }

    @Test
    void onePointGivesItsOwnAccuracyWithItsBinomialError() {
        LearningCurve one = LearningCurve.fit(List.of(new LearningCurve.Point(40, 0.6, 200)));
        double p = (0.6 * 200 + 1) / 202;
        assertEquals(0.6, one.at(4000).accuracy(), 1e-12);
        assertEquals(Math.sqrt(p * (1 - p) / 200 * 2), one.at(4000).standardError(), 1e-12);
    }

    @Test
    void badPointsAreRefusedNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LearningCurve.Point(0, 0.5, 10)).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LearningCurve.Point(5, 1.5, 10)).getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> new LearningCurve.Point(5, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.fit(List.of()));
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.fit(List.of(on(5, 10))).at(0));
    }
}
