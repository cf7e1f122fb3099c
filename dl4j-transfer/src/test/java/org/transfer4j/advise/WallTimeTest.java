package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class WallTimeTest {
    /** A run of a machine that takes 2 s + 0.01 s per image read, and 0.5 s per epoch + 0.1 s per step. */
    private static WallTime.Run run(int train, int validation, int epochs, int steps) {
        List<WallTime.Epoch> e = new ArrayList<>();
        for (int i = 0; i < epochs; i++) {
            e.add(new WallTime.Epoch(steps, 0.5 + 0.1 * steps));
        }
        double fixed = 2 + 0.01 * (train + validation);
        return new WallTime.Run(train, validation, fixed + e.stream().mapToDouble(WallTime.Epoch::seconds).sum(), e);
    }

    @Test
    void fixedAndPerStepCostsAreRecoveredAndScaledToTheFullRun() {
        WallTime t = WallTime.fit(List.of(run(100, 50, 10, 4), run(200, 50, 8, 7), run(400, 50, 8, 13)));
        // full run: 2000 training and 250 validation images, 8 epochs of 63 steps; the per-epoch intercept (validation)
        // scales with the validation set: 0.5 * 250 / 50.
        double expected = 2 + 0.01 * 2250 + 8 * (0.5 * 5 + 0.1 * 63);
        assertEquals(expected, t.predict(2000, 250, 8, 63), 1e-9);
    }

    @Test
    void runsOfOneSizeAreScaledProportionally() {
        WallTime t = WallTime.fit(List.of(run(100, 50, 4, 4), run(100, 50, 4, 4)));
        double fixed = 2 + 0.01 * 150;
        double perStep = (0.5 + 0.4) / 4;
        assertEquals(fixed / 150 * 300 + 2 * perStep * 8, t.predict(250, 50, 2, 8), 1e-9);
    }

    @Test
    void moreImagesNeverPredictLessTime() {
        // the larger probe happened to take less fixed time (say the JIT had warmed up): the fixed part is flat at the mean
        var small = new WallTime.Run(100, 100, 10 + 1, List.of(new WallTime.Epoch(4, 1)));
        var large = new WallTime.Run(300, 100, 6 + 1, List.of(new WallTime.Epoch(4, 1)));
        assertEquals(8 + 2 * 1, WallTime.fit(List.of(small, large)).predict(10_000, 100, 2, 4), 1e-9);
    }

    @Test
    void theLineIsLeastSquaresThroughTheOriginWhenTheXsAreAllTheSame() {
        var l = WallTime.Line.fit(List.of(new double[] {1, 5}, new double[] {2, 7}, new double[] {4, 11}));
        assertEquals(3, l.intercept(), 1e-12);
        assertEquals(2, l.slope(), 1e-12);
        var noisy = WallTime.Line.fit(List.of(new double[] {0, 1}, new double[] {0, 3}, new double[] {6, 5}, new double[] {6, 7}));
        assertEquals(2, noisy.intercept(), 1e-12);
        assertEquals(24.0 / 36, noisy.slope(), 1e-12, "sxy 24 over sxx 36");
        var same = WallTime.Line.fit(List.of(new double[] {4, 2}, new double[] {4, 6}));
        assertEquals(0, same.intercept());
        assertEquals(1, same.slope(), 1e-12);
        var zero = WallTime.Line.fit(List.of(new double[] {0, 2}, new double[] {0, 6}));
        assertEquals(0, zero.slope());
    }

    @Test
    void aModelNeedsAnEpoch() {
        assertThrows(IllegalArgumentException.class, () -> WallTime.fit(List.of()));
        assertThrows(IllegalArgumentException.class, () -> WallTime.fit(List.of(new WallTime.Run(1, 1, 1.0, List.of()))));
    }
}
