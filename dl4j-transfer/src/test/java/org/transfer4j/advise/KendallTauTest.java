package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KendallTauTest {
    @Test
    void ranksNotValuesCount() {
        assertEquals(1.0, KendallTau.of(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 400}), 1e-12);
        assertEquals(-1.0, KendallTau.of(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        // One swapped pair of 6: (5 - 1) / 6.
        assertEquals(4.0 / 6, KendallTau.of(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
        // A tie in a: 5 concordant pairs, 1 tied in a only: 5 / sqrt(6 * 5).
        assertEquals(0.9128709291752769, KendallTau.of(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}), 1e-12);
        assertEquals(0.9128709291752769, KendallTau.of(new double[] {1, 2, 3, 4}, new double[] {1, 2, 2, 3}), 1e-12);
        // Pairs tied in both scorings count for neither: [1,1,2] vs [5,5,6] is perfectly concordant.
        assertEquals(1.0, KendallTau.of(new double[] {1, 1, 2}, new double[] {5, 5, 6}), 1e-12);
        assertTrue(Double.isNaN(KendallTau.of(new double[] {1, 1}, new double[] {1, 2})));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KendallTau.of(new double[] {1}, new double[] {1}))
                .getMessage().contains("got 1 and 1 values"));
        assertThrows(IllegalArgumentException.class, () -> KendallTau.of(new double[] {1, 2}, new double[] {1, 2, 3}));
    }
}
