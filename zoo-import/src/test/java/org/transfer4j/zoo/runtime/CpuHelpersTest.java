package org.transfer4j.zoo.runtime;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The WARN a user without oneDNN gets: only then, and saying which dependency to add. */
class CpuHelpersTest {
    @Test
    void onlyACpuBackendWithoutOneDnnWhoseHelpersAreWantedIsWarned() {
        String w = CpuHelpers.missingOneDnn(true, true, false);
        assertTrue(w.contains("org.nd4j:nd4j-native:1.0.0-M2.1") && w.contains("linux-x86_64-onednn-avx2")
                && w.contains(CpuHelpers.OPT_OUT_PROPERTY + "=false"), w);
        assertNull(CpuHelpers.missingOneDnn(true, true, true), "oneDNN is there");
        assertNull(CpuHelpers.missingOneDnn(true, false, false), "switched off on purpose");
        assertNull(CpuHelpers.missingOneDnn(false, true, false), "CUDA: no CPU helpers to miss");
    }

    @Test
    void theProjectsOwnBackendHasOneDnn() {
        CpuHelpers.ensureConfigured();
        assertTrue(CpuHelpers.builtWithOneDnn(), "the tests run on the onednn-avx2 build the README recommends");
        assertTrue(CpuHelpers.available());
    }
}
