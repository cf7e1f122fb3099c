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
        return new ProgressParts(ProgressParts.NOTHING, log::info, log::info, ProgressParts.NO_HINT, ProgressParts.NOTHING);
    }

    /**
     * A terminal progress bar over {@code totalSteps} when {@code show} and the JVM runs on a terminal, else
     * {@link #logOnly}: redirected to a file or a pipe, a bar cannot redraw itself and collapsed to {@code [ ]} with its
     * text cut, so the log lines (one per epoch) are what such output gets.
     */
    static Progress console(String task, boolean show, long totalSteps) {
        Progress lines = logOnly(task);
        if (!show || !onTerminal()) {
            return lines;
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" steps", 1).build();
        return new ProgressParts(bar::step, m -> bar.setExtraMessage(" " + m), lines::log, bar::maxHint, bar::close);
    }

    /** True when standard input and output are a terminal (Java's own test: a {@link System#console()} exists). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /** {@code p} for a caller that must not close it (a shared bar handed to one run of many). */
    static Progress unclosable(Progress p) {
        return new ProgressParts(p::step, p::phase, p::log, ProgressParts.NO_HINT, ProgressParts.NOTHING);
    }

    /** Only {@code p}'s step counter: for many short runs sharing one bar, whose per-epoch lines would drown it. */
    static Progress stepsOnly(Progress p) {
        return new ProgressParts(p::step, ProgressParts.DROP, ProgressParts.DROP, ProgressParts.NO_HINT, ProgressParts.NOTHING);
    }
}
