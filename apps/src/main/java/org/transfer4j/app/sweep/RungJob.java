package org.transfer4j.app.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One piece of a synchronous rung: train candidate {@code index} (its sweep choices {@code params}) up to
 * epoch {@code until}, going on from its checkpoint. Serializable: Spark ships it to an executor.
 */
public record RungJob(int index, LinkedHashMap<String, Object> params, int until) implements Serializable {
    public RungJob {
        if (until < 1) {
            throw new IllegalArgumentException("until must be >= 1, got " + until);
        }
        params = new LinkedHashMap<>(params);
    }

    static RungJob of(int index, Map<String, Object> params, int until) {
        return new RungJob(index, new LinkedHashMap<>(params), until);
    }
}
