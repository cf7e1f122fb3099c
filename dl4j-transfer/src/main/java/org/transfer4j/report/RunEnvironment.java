package org.transfer4j.report;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Versions;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Where a run ran, as every report records it: library versions, Java, CPUs, OMP_NUM_THREADS, the ND4J backend and
 * whether DL4J's oneDNN layer helpers are on. Built here only, so that the reports agree on what they record.
 */
public final class RunEnvironment {
    private RunEnvironment() {
    }

    /** The environment of this JVM. */
    public static Map<String, String> capture() {
        Map<String, String> env = new LinkedHashMap<>(Versions.environment());
        env.put("nd4jBackend", Nd4j.getBackend().getClass().getSimpleName());
        env.put("oneDnnLayerHelpers", Boolean.toString(CpuHelpers.available()));
        return env;
    }

    /** The same, for a study that runs {@code parallelRuns} trainings side by side. */
    public static Map<String, String> capture(int parallelRuns) {
        Map<String, String> env = capture();
        env.put("parallelRuns", Integer.toString(parallelRuns));
        return env;
    }
}
