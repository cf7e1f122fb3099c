package org.transfer4j.train;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A value held by DL4J objects (a layer's helper, a layer configuration's activation) replaced for one training
 * step and put back after it, even when the step fails, so that nothing outside the step (inference, an input
 * gradient asked for, a saved model) ever sees the replacement.
 */
final class StepSwap<T, V> {
    private final Function<T, V> get;
    private final BiConsumer<T, V> set;

    StepSwap(Function<T, V> get, BiConsumer<T, V> set) {
        this.get = get;
        this.set = set;
    }

    /** The private field {@code name} of {@code owner}: DL4J keeps its layers' helpers in such fields, with no setter. */
    static <T, V> StepSwap<T, V> field(Class<T> owner, String name, Class<V> type) {
        Field f;
        try {
            f = owner.getDeclaredField(name);
            f.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(owner.getName() + " has no field " + name + ": not the DL4J 1.0.0-M2.1 this was written for", e);
        }
        return new StepSwap<>(o -> {
            try {
                return type.cast(f.get(o));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }, (o, v) -> {
            try {
                f.set(o, v);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    V get(T place) {
        return get.apply(place);
    }

    /**
     * Puts {@code replacement(place, current value)} in each place, runs {@code step}, then puts every replaced value
     * back, also when the step or a later replacement fails; returns how many places there were.
     */
    int during(List<T> places, BiFunction<T, V, V> replacement, Runnable step) {
        List<V> old = new ArrayList<>();
        try {
            for (T p : places) {
                V v = get.apply(p);
                set.accept(p, replacement.apply(p, v));
                old.add(v);
            }
            step.run();
        } finally {
            for (int i = 0; i < old.size(); i++) {
                set.accept(places.get(i), old.get(i));
            }
        }
        return places.size();
    }
}
