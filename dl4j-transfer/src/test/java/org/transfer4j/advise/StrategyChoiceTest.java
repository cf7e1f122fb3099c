package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.transfer4j.plan.Strategy;

class StrategyChoiceTest {
    static final Strategy FE = Strategy.featureExtraction();
    static final Strategy FT = Strategy.lastBlocks(1);
    static final Strategy FT2 = Strategy.lastBlocks(2);
    static final Strategy SCRATCH = Strategy.scratch();

    private static StrategyChoice.Option o(Strategy s, double acc, double se, double seconds) {
        return new StrategyChoice.Option(s, acc, se, seconds);
    }

    @Test
    void theCheapestStrategyWithinOneCombinedStandardErrorOfTheBestIsChosen() {
        // fe: 0.80 - 0.85 = -0.05, combined se sqrt(0.03^2 + 0.04^2) = 0.05: just within
        var c = StrategyChoice.choose(List.of(o(FE, 0.80, 0.03, 10), o(FT, 0.85, 0.04, 100),
                o(SCRATCH, 0.70, 0.03, 200)));
        assertEquals(FE, c.chosen().strategy());
        assertEquals(FT, c.mostAccurate().strategy());
        assertFalse(c.scratchBetter());
        assertFalse(c.scratchAsGood());
    }

    @Test
    void beyondTheNoiseTheMoreAccurateStrategyIsChosenThoughItCostsMore() {
        var c = StrategyChoice.choose(List.of(o(FE, 0.79, 0.03, 10), o(FT, 0.85, 0.04, 100)));
        assertEquals(FT, c.chosen().strategy());
    }

    @Test
    void scratchIsRecommendedWhenItBeatsEveryTransferStrategyBeyondTheNoise() {
        var c = StrategyChoice.choose(List.of(o(FE, 0.70, 0.02, 1), o(FT, 0.75, 0.02, 5),
                o(SCRATCH, 0.85, 0.02, 50)));
        assertEquals(SCRATCH, c.chosen().strategy());
        assertTrue(c.chosen().scratch());
        assertTrue(c.scratchBetter());
        assertTrue(c.scratchAsGood());
    }

    @Test
    void scratchWithinTheNoiseOfTheBestIsAsGoodButTheCheaperTransferStrategyStaysChosen() {
        var c = StrategyChoice.choose(List.of(o(FE, 0.84, 0.02, 1), o(SCRATCH, 0.85, 0.02, 50)));
        assertEquals(FE, c.chosen().strategy());
        assertFalse(c.scratchBetter());
        assertTrue(c.scratchAsGood());
    }

    @Test
    void exactlyOneCombinedStandardErrorBelowTheBestIsStillWithinTheNoise() {
        // 0.75 - sqrt(0.25^2 + 0^2) = 0.5 exactly in binary
        var c = StrategyChoice.choose(List.of(o(FE, 0.5, 0, 1), o(FT, 0.75, 0.25, 10)));
        assertEquals(FE, c.chosen().strategy());
    }

    @Test
    void equalCostsGoToTheMoreAccurate() {
        var c = StrategyChoice.choose(List.of(o(FT, 0.80, 0.05, 10), o(FT2, 0.82, 0.05, 10)));
        assertEquals(FT2, c.chosen().strategy());
    }

    @Test
    void nothingToChooseFromIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StrategyChoice.choose(List.of()));
        assertThrows(IllegalArgumentException.class, () -> StrategyChoice.choose(null));
    }
}
