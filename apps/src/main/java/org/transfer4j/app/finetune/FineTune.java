package org.transfer4j.app.finetune;

import java.io.IOException;

import org.transfer4j.api.TransferResult;
import org.transfer4j.report.TrainingReport;
import org.transfer4j.plan.TrainingListener;

/**
 * {@code transfer4j finetune}: the options mapped onto the typed API ({@code Transfer}), the result
 * saved into {@code --out}. {@code main} runs it with defaults from the IDE.
 */
public final class FineTune {
    private FineTune() {
    }

    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new FineTuneCommand(), args));
    }

    public static TrainingReport run(FineTuneOptions o) throws IOException {
        return run(o, (TrainingListener) null);
    }

    /** As {@link #run(FineTuneOptions)}, watched after every step (tests kill runs there) and epoch (pruning). */
    public static TrainingReport run(FineTuneOptions o, TrainingListener listener) throws IOException {
        return run(o.fit(listener), o);
    }

    /**
     * Trains no further than epoch {@code pauseAfter}; called again with the same options it goes on from the
     * checkpoint (a synchronous sweep's rungs). The report of a paused run has no stop reason.
     */
    public static TrainingReport runUntil(FineTuneOptions o, int pauseAfter) throws IOException {
        return run(o.fit(null).pauseAfter(pauseAfter), o);
    }

    private static TrainingReport run(org.transfer4j.api.Fit fit, FineTuneOptions o) throws IOException {
        TransferResult r = o.transfer().fit(o.taskData(), fit);
        r.save(o.outputDir);
        return r.report();
    }
}
