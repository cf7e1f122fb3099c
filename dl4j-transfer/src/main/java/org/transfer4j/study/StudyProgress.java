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

    public StudyProgress(boolean show, long totalSteps) {
        this.bar = show ? new ProgressBarBuilder().setTaskName("study").setInitialMax(totalSteps)
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
        System.err.println("[study] " + message);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
