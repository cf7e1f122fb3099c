package org.transfer4j.study;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One progress bar over every training step of the study, so the ETA covers the whole job; phase
 * messages go beside it. Silent bar (log lines only) when progress is off, as in tests.
 */
public final class StudyProgress implements AutoCloseable {
    private final ProgressBar bar;
    private final String task;

    public StudyProgress(boolean show, long totalSteps) {
        this("study", show, totalSteps);
    }

    /** A bar named {@code task} (also the prefix of log lines). */
    public StudyProgress(String task, boolean show, long totalSteps) {
        this.task = task;
        this.bar = show ? new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" steps", 1).build() : null;
    }

    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    public void phase(String message) {
        if (bar != null) {
            bar.setExtraMessage(" " + message);
        } else {
            log(message);
        }
    }

    public void log(String message) {
        System.err.println("[" + task + "] " + message);
    }

    /** Grows or shrinks the total (early stopping ends a run before its last planned epoch). */
    public void maxHint(long total) {
        if (bar != null) {
            bar.maxHint(total);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
