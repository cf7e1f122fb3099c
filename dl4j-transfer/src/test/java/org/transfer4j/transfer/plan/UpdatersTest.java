package org.transfer4j.transfer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.transfer4j.plan.Optimizer;

/** An Optimizer value becomes a fresh DL4J updater of its kind, at the rate given, decayed per epoch when asked. */
class UpdatersTest {
    @Test
    void eachKindAtItsRateWithAScheduleOnlyWhenItDecays() {
        Optimizer constant = new Optimizer(Optimizer.Updater.ADAM, 1e-3, 1.0, 0, 1);
        IUpdater a = Updaters.create(constant, 2e-3);
        assertTrue(a instanceof Adam);
        assertEquals(2e-3, ((Adam) a).getLearningRate(), 0);
        assertNull(((Adam) a).getLearningRateSchedule(), "constant rate: no schedule");
        assertNotSame(a, Updaters.create(constant, 2e-3), "a fresh instance each call");
        IUpdater decayed = Updaters.create(constant.withDecayPerEpoch(0.5), 2e-3);
        assertTrue(((Adam) decayed).getLearningRateSchedule() instanceof ExponentialSchedule);
        assertEquals(1e-3, ((Adam) decayed).getLearningRateSchedule().valueAt(0, 1), 1e-12, "halved after one epoch");
        IUpdater n = Updaters.create(constant.withUpdater(Optimizer.Updater.NESTEROVS), 1e-2);
        assertEquals(0.9, ((Nesterovs) n).getMomentum(), 0);
        assertEquals(1e-2, ((Nesterovs) n).getLearningRate(), 0);
        assertTrue(((Nesterovs) Updaters.create(constant.withUpdater(Optimizer.Updater.NESTEROVS).withDecayPerEpoch(0.5), 1e-2))
                .getLearningRateSchedule() instanceof ExponentialSchedule);
        assertEquals(1e-2, ((Sgd) Updaters.create(constant.withUpdater(Optimizer.Updater.SGD), 1e-2)).getLearningRate(), 0);
        assertTrue(((Sgd) Updaters.create(constant.withUpdater(Optimizer.Updater.SGD).withDecayPerEpoch(0.5), 1e-2))
                .getLearningRateSchedule() instanceof ExponentialSchedule);
    }
}
