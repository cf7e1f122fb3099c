package org.transfer4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SparkSweepBenchmarkTest {
    @Test
    void theSimulatedScheduleRunsEachRungsTasksOnTheFirstFreeSlot() {
        Map<Integer, List<Double>> rungs = Map.of(0, List.of(3.0, 1.0, 1.0, 1.0), 1, List.of(2.0, 2.0), 2, List.of(4.0));
        assertEquals(6 + 4 + 4, SparkSweepBenchmark.makespan(rungs, 1), 1e-12, "one slot: every task in turn");
        // Slot A takes 3; slot B takes 1, 1, 1: the first rung ends at 3; then 2 and 4.
        assertEquals(3 + 2 + 4, SparkSweepBenchmark.makespan(rungs, 2), 1e-12);
        assertEquals(3 + 2 + 4, SparkSweepBenchmark.makespan(rungs, 8), 1e-12, "no rung is shorter than its longest task");
        assertEquals(0, SparkSweepBenchmark.makespan(Map.of(), 4), 1e-12);
    }
}
