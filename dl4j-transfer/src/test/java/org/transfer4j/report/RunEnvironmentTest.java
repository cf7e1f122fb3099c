package org.transfer4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RunEnvironmentTest {
    @Test
    void everyReportRecordsTheSameThings() {
        Map<String, String> env = RunEnvironment.capture();
        for (String k : new String[] {"transfer4j", "dl4j", "java", "cpus", "OMP_NUM_THREADS", "nd4jBackend", "oneDnnLayerHelpers"}) {
            assertTrue(env.containsKey(k), k + " in " + env);
        }
        assertEquals("CpuBackend", env.get("nd4jBackend"));
        assertEquals("3", RunEnvironment.capture(3).get("parallelRuns"));
        assertEquals(env.keySet().size() + 1, RunEnvironment.capture(3).size());
    }
}
