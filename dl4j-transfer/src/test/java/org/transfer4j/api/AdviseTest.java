package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AdviseTest {
    @Test
    void cutsAreEvenlySpacedBlocksThenTheFeatureVertex() {
        List<String> blocks = List.of("b1", "b2", "b3", "b4", "b5", "b6");
        assertEquals(List.of("b2", "b4", "feat"), Advise.cuts(blocks, "feat", 3));
        assertEquals(List.of("feat"), Advise.cuts(blocks, "feat", 1));
        assertEquals(List.of("b1", "b2", "b3", "b4", "b5", "feat"), Advise.cuts(blocks, "feat", 6));
        // A block that is the feature vertex is listed once, last.
        assertEquals(List.of("b1", "b2"), Advise.cuts(List.of("b1", "b2"), "b2", 4));
        assertEquals(List.of("feat"), Advise.cuts(List.of(), "feat", 3));
    }

    @Test
    void badSettingsAreQuoted() {
        assertTrue(assertThrows(IllegalArgumentException.class, Advise::candidates).getMessage().contains("got none"));
        Advise a = Advise.candidates(Base.catalogue("nsfwjs.mobilenetv2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.examples(3)).getMessage().contains("got 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.cutsPerBackbone(0)).getMessage().contains("got 0"));
        assertEquals(a, a.examples(4).cutsPerBackbone(1).randomControls(false).seed(3), "the edges are valid");
    }

    @Test
    void theRankingIsBestFirstAndReadable() {
        Advise.Ranking r = new Advise.Ranking(List.of(new Advise.Score("a", "x", false, 10, 0.5, 1),
                new Advise.Score("a", "x", true, 10, -0.2, 1)));
        assertEquals(0.5, r.best().logMe());
        assertEquals(-0.2, r.bestOf("a", true).logMe());
        assertTrue(r.table().contains("| 2 | a | x | random (control) | -0.2000 | 10 |"), r.table());
        assertThrows(IllegalArgumentException.class, () -> r.bestOf("b", false));
    }
}
