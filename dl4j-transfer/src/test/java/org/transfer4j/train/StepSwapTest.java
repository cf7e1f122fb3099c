package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StepSwapTest {
    static final class Holder {
        private String value;

        Holder(String value) {
            this.value = value;
        }
    }

    private static final StepSwap<Holder, String> VALUE = StepSwap.field(Holder.class, "value", String.class);

    @Test
    void theReplacementsHoldDuringTheStepAndTheOldValuesComeBack() {
        List<Holder> places = List.of(new Holder("a"), new Holder("b"));
        List<String> seen = new ArrayList<>();
        int n = VALUE.during(places, (h, v) -> v + "'", () -> places.forEach(h -> seen.add(VALUE.get(h))));
        assertEquals(2, n);
        assertEquals(List.of("a'", "b'"), seen);
        assertEquals(List.of("a", "b"), places.stream().map(VALUE::get).toList());
    }

    @Test
    void aFailingStepOrReplacementStillPutsBackWhatWasReplaced() {
        List<Holder> places = List.of(new Holder("a"), new Holder("b"), new Holder("c"));
        assertThrows(IllegalStateException.class, () -> VALUE.during(places, (h, v) -> v + "'", () -> {
            throw new IllegalStateException("step");
        }));
        assertEquals(List.of("a", "b", "c"), places.stream().map(VALUE::get).toList());
        assertThrows(IllegalArgumentException.class, () -> VALUE.during(places, (h, v) -> {
            if (v.equals("c")) {
                throw new IllegalArgumentException("replacement");
            }
            return v + "'";
        }, () -> { }));
        assertEquals(List.of("a", "b", "c"), places.stream().map(VALUE::get).toList());
    }

    @Test
    void aFieldDl4jDoesNotHaveIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StepSwap.field(Holder.class, "helper", String.class));
        assertEquals(Holder.class.getName() + " has no field helper: not the DL4J 1.0.0-M2.1 this was written for", e.getMessage());
    }
}
