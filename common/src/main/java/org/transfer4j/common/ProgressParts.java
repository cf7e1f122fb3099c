package org.transfer4j.common;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** A {@link Progress} put together from its parts: what the factory methods of {@link Progress} return. */
record ProgressParts(Runnable onStep, Consumer<String> onPhase, Consumer<String> onLog, LongConsumer onHint, Runnable onClose)
        implements Progress {
    static final Runnable NOTHING = () -> { };
    static final Consumer<String> DROP = m -> { };
    static final LongConsumer NO_HINT = n -> { };

    @Override
    public void step() {
        onStep.run();
    }

    @Override
    public void phase(String message) {
        onPhase.accept(message);
    }

    @Override
    public void log(String message) {
        onLog.accept(message);
    }

    @Override
    public void maxHint(long total) {
        onHint.accept(total);
    }

    @Override
    public void close() {
        onClose.run();
    }
}
