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
        RunSpec r = o.run();
        return run(r, r.fit(listener, o.progress));
    }

    /**
     * Runs {@code spec} no further than epoch {@code pauseAfter} (without a progress bar); called again with the same
     * run it goes on from the checkpoint (a synchronous sweep's rungs). The report of a paused run has no stop reason.
     */
    public static TrainingReport runUntil(RunSpec spec, int pauseAfter) throws IOException {
        return run(spec, spec.fit(null, false).pauseAfter(pauseAfter));
    }

    /** Runs {@code spec} to its end without a progress bar, watched by {@code listener} (a sweep's candidates). */
    public static TrainingReport run(RunSpec spec, TrainingListener listener) throws IOException {
        return run(spec, spec.fit(listener, false));
    }

    private static TrainingReport run(RunSpec spec, org.transfer4j.api.Fit fit) throws IOException {
        TransferResult r = spec.transfer().fit(spec.taskData(), fit);
        r.save(spec.outputDir());
        return r.report();
    }
}
