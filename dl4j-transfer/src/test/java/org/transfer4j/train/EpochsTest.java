package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EpochsTest {
    @Test
    void runsTrainAtLeastTheMinimumEpochsAndSteps() {
        assertEquals(50, Epochs.atLeast(50, 32, 8, 100), "2 steps an epoch -> 50 epochs for 100 steps");
        assertEquals(8, Epochs.atLeast(5000, 32, 8, 100));
        assertEquals(10, Epochs.atLeast(320, 32, 8, 100), "10 steps an epoch -> exactly 10 epochs");
        assertEquals(100, Epochs.atLeast(31, 32, 8, 100), "31 examples are one step an epoch");
        assertEquals(13, Epochs.atLeast(250, 32, 8, 100), "8 steps an epoch -> 13 epochs");
        assertEquals(1000, Epochs.atLeast(1, 32, 8, 1000), "no cap: the steps are what the run asked for");
        assertEquals(3, Epochs.atLeast(64, 32, 3, 0), "no minimum of steps");
        assertEquals(2, Epochs.stepsPerEpoch(33, 32));
        assertEquals(1, Epochs.stepsPerEpoch(32, 32));
    }

    @Test
    void impossibleSchedulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Epochs.atLeast(0, 32, 8, 100));
        assertThrows(IllegalArgumentException.class, () -> Epochs.atLeast(1, 0, 8, 100));
        assertThrows(IllegalArgumentException.class, () -> Epochs.atLeast(1, 1, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> Epochs.atLeast(1, 1, 1, -1));
        assertEquals(1, Epochs.atLeast(1, 1, 1, 0), "the boundaries are accepted");
    }
}
