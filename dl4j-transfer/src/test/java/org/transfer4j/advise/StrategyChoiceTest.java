package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class StrategyChoiceTest {
    private static StrategyChoice.Option o(String name, boolean scratch, double acc, double se, double seconds) {
        return new StrategyChoice.Option(name, scratch, acc, se, seconds);
    }

    @Test
    void theCheapestStrategyWithinOneCombinedStandardErrorOfTheBestIsChosen() {
        // fe: 0.80 - 0.85 = -0.05, combined se sqrt(0.03^2 + 0.04^2) = 0.05: just within
        var c = StrategyChoice.choose(List.of(o("fe", false, 0.80, 0.03, 10), o("ft", false, 0.85, 0.04, 100),
                o("scratch", true, 0.70, 0.03, 200)));
        assertEquals("fe", c.chosen().name());
        assertEquals("ft", c.mostAccurate().name());
        assertFalse(c.scratchBetter());
        assertFalse(c.scratchAsGood());
    }

    @Test
    void beyondTheNoiseTheMoreAccurateStrategyIsChosenThoughItCostsMore() {
        var c = StrategyChoice.choose(List.of(o("fe", false, 0.79, 0.03, 10), o("ft", false, 0.85, 0.04, 100)));
        assertEquals("ft", c.chosen().name());
    }

    @Test
    void scratchIsRecommendedWhenItBeatsEveryTransferStrategyBeyondTheNoise() {
        var c = StrategyChoice.choose(List.of(o("fe", false, 0.70, 0.02, 1), o("ft", false, 0.75, 0.02, 5),
                o("scratch", true, 0.85, 0.02, 50)));
        assertEquals("scratch", c.chosen().name());
        assertTrue(c.scratchBetter());
        assertTrue(c.scratchAsGood());
    }

    @Test
    void scratchWithinTheNoiseOfTheBestIsAsGoodButTheCheaperTransferStrategyStaysChosen() {
        var c = StrategyChoice.choose(List.of(o("fe", false, 0.84, 0.02, 1), o("scratch", true, 0.85, 0.02, 50)));
        assertEquals("fe", c.chosen().name());
        assertFalse(c.scratchBetter());
        assertTrue(c.scratchAsGood());
    }

    @Test
    void exactlyOneCombinedStandardErrorBelowTheBestIsStillWithinTheNoise() {
        // 0.75 - sqrt(0.25^2 + 0^2) = 0.5 exactly in binary
        var c = StrategyChoice.choose(List.of(o("cheap", false, 0.5, 0, 1), o("best", false, 0.75, 0.25, 10)));
        assertEquals("cheap", c.chosen().name());
    }

    @Test
    void equalCostsGoToTheMoreAccurate() {
        var c = StrategyChoice.choose(List.of(o("a", false, 0.80, 0.05, 10), o("b", false, 0.82, 0.05, 10)));
        assertEquals("b", c.chosen().name());
    }

    @Test
    void nothingToChooseFromIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StrategyChoice.choose(List.of()));
        assertThrows(IllegalArgumentException.class, () -> StrategyChoice.choose(null));
    }
}
