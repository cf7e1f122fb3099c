package org.transfer4j.transfer.plan;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.transfer4j.plan.Optimizer;

/** The DL4J updaters an {@link Optimizer} value stands for. */
public final class Updaters {
    private Updaters() {
    }

    /**
     * A new updater at {@code rate}, decayed by the optimizer's {@code lrDecayPerEpoch} each epoch (the trainer
     * counts epochs on the network). A fresh instance each call: DL4J layers that share an updater instance
     * share its learning rate.
     */
    public static IUpdater create(Optimizer o, double rate) {
        ISchedule s = o.lrDecayPerEpoch() == 1.0 ? null : new ExponentialSchedule(ScheduleType.EPOCH, rate, o.lrDecayPerEpoch());
        return switch (o.updater()) {
            case ADAM -> s == null ? new Adam(rate) : new Adam(s);
            case NESTEROVS -> s == null ? new Nesterovs(rate, 0.9) : new Nesterovs(s, 0.9);
            case SGD -> s == null ? new Sgd(rate) : new Sgd(s);
        };
    }
}
