package org.transfer4j.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.transfer4j.plan.DomainMethod;

/**
 * The study's bar from hand-made cells, by the rule the report states: at least two methods at half the gap or more
 * on each of at least two accepted shifts, DANN among them on one of those shifts.
 */
class DomainReportBarTest {
    private final List<DomainReport.Cell> cells = new ArrayList<>();
    private final List<DomainReport.Shift> shifts = new ArrayList<>();

    private void shift(String name, boolean accepted, double dann, double coral, double mmd) {
        shifts.add(new DomainReport.Shift(name, name, 0.85, 0.3, 0.8, accepted, accepted ? "accepted" : "no"));
        cells.add(new DomainReport.Cell(name, DomainMethod.SOURCE_ONLY, 0.3, 0, 0.85, Double.NaN));
        cells.add(new DomainReport.Cell(name, DomainMethod.DANN, 0, 0, 0, dann));
        cells.add(new DomainReport.Cell(name, DomainMethod.CORAL, 0, 0, 0, coral));
        cells.add(new DomainReport.Cell(name, DomainMethod.MMD, 0, 0, 0, mmd));
        cells.add(new DomainReport.Cell(name, DomainMethod.ORACLE, 0.8, 0, 0.3, Double.NaN));
    }

    @Test
    void twoAcceptedShiftsWithTwoMethodsEachAndDannOnOneMeetIt() {
        shift("A", true, 0.5, 0.1, 0.7);
        shift("B", true, 0.2, 0.6, 0.9);
        DomainReport.Bar b = DomainReport.bar(cells, shifts);
        assertTrue(b.met(), b.lines().toString());
        assertEquals(List.of("A", "B"), b.cleared());
        assertEquals("A: clears it, 2 methods recover half the gap or more (MMD 70.0%, DANN 50.0%)", b.lines().get(0));
    }

    @Test
    void withoutDannOnAClearedShiftItIsNotMet() {
        shift("A", true, 0.49, 0.5, 0.7);
        shift("B", true, 0.2, 0.6, 0.9);
        DomainReport.Bar b = DomainReport.bar(cells, shifts);
        assertFalse(b.met());
        assertEquals(List.of("A", "B"), b.cleared());
        assertEquals("Not met: 2 of 2 accepted shifts clear it, and DANN clears none of them.", b.lines().get(2));
    }

    @Test
    void aShiftThatIsNotAcceptedNeverCountsAndShortfallsAreMeasured() {
        shift("A", true, 0.8, 0.6, 0.7);
        shift("B", false, 0.9, 0.9, 0.9);
        shift("C", true, 0.068, 0.01, 0.5);
        DomainReport.Bar b = DomainReport.bar(cells, shifts);
        assertFalse(b.met());
        assertEquals(List.of("A"), b.cleared());
        assertEquals("B: not an accepted shift", b.lines().get(1));
        assertEquals("C: falls short, 1 of 2 methods needed; the best: MMD 50.0%; DANN 6.8%, 43.2 points short",
                b.lines().get(2));
        assertEquals("Not met: 1 of 2 accepted shifts clear it.", b.lines().get(3));
    }
}
