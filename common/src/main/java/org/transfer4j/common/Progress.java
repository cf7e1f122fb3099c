package org.transfer4j.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where long work reports itself: a step counter with an ETA, phase messages and log lines. The
 * library's loops take one and never print; an application chooses {@link #console} (a progress bar
 * on the terminal) or {@link #logOnly} (SLF4J lines, as in tests and on servers).
 */
public interface Progress extends AutoCloseable {
    /** One unit of work done (a training step, a featurized batch, a sweep candidate). */
    void step();

    /** What is being done now, shown beside the bar (or logged). */
    void phase(String message);

    /** A line worth keeping (logged through SLF4J). */
    void log(String message);

    /** Grows or shrinks the expected total (early stopping ends a run before its planned last step). */
    default void maxHint(long total) {
    }

    @Override
    default void close() {
    }

    /** SLF4J lines only, under the logger {@code transfer4j.<task>}. */
    static Progress logOnly(String task) {
        Logger log = LoggerFactory.getLogger("transfer4j." + task);
        return new Progress() {
            @Override
            public void step() {
            }

            @Override
            public void phase(String message) {
                log.info(message);
            }

            @Override
            public void log(String message) {
                log.info(message);
            }
        };
    }

    /** A terminal progress bar over {@code totalSteps} when {@code show}, else {@link #logOnly}. */
    static Progress console(String task, boolean show, long totalSteps) {
        Progress lines = logOnly(task);
        if (!show) {
            return lines;
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" steps", 1).build();
        return new Progress() {
            @Override
            public void step() {
                bar.step();
            }

            @Override
            public void phase(String message) {
                bar.setExtraMessage(" " + message);
            }

            @Override
            public void log(String message) {
                lines.log(message);
            }

            @Override
            public void maxHint(long total) {
                bar.maxHint(total);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** {@code p} for a caller that must not close it (a shared bar handed to one run of many). */
    static Progress unclosable(Progress p) {
        return new Progress() {
            @Override
            public void step() {
                p.step();
            }

            @Override
            public void phase(String message) {
                p.phase(message);
            }

            @Override
            public void log(String message) {
                p.log(message);
            }
        };
    }

    /** Only {@code p}'s step counter: for many short runs sharing one bar, whose per-epoch lines would drown it. */
    static Progress stepsOnly(Progress p) {
        return new Progress() {
            @Override
            public void step() {
                p.step();
            }

            @Override
            public void phase(String message) {
            }

            @Override
            public void log(String message) {
            }
        };
    }
}
