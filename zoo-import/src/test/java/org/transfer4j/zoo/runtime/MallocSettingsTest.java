package org.transfer4j.zoo.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class MallocSettingsTest {
    @Test
    void theLaunchersAndTheTestRunsSetExactlyTheRecommendedValues() throws IOException {
        // scripts/malloc-env.sh: export NAME="${NAME:-VALUE}", in order.
        Map<String, String> script = new LinkedHashMap<>();
        Matcher m = Pattern.compile("export (\\w+)=\"\\$\\{\\1:-([^}]*)\\}\"").matcher(Files.readString(Path.of("../scripts/malloc-env.sh")));
        while (m.find()) {
            script.put(m.group(1), m.group(2));
        }
        assertEquals(List.copyOf(MallocSettings.RECOMMENDED.entrySet()), List.copyOf(script.entrySet()));
        String pom = Files.readString(Path.of("../pom.xml"));
        for (Map.Entry<String, String> e : MallocSettings.RECOMMENDED.entrySet()) {
            String element = "<" + e.getKey() + ">" + e.getValue() + "</" + e.getKey() + ">";
            assertEquals(2, pom.split(Pattern.quote(element), -1).length - 1, "Surefire and Failsafe both set " + element);
        }
        assertTrue(Files.readString(Path.of("../transfer4j.sh")).contains("source scripts/malloc-env.sh"));
    }

    @Test
    void missingListsOnlyWhatTheUserHasNotSet() {
        Map<String, String> env = Map.of("MALLOC_ARENA_MAX", "4", "HOME", "/root");
        assertEquals(List.of("MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"), List.copyOf(MallocSettings.missing(env).keySet()));
        assertTrue(MallocSettings.missing(MallocSettings.RECOMMENDED).isEmpty());
    }

    @Test
    void theHintNamesTheMissingVariablesOnLinuxOnlyAndCanBeSilenced() {
        String h = MallocSettings.hint(Map.of("MALLOC_ARENA_MAX", "2"), "Linux");
        assertTrue(h.contains("MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=67108864 "), h);
        assertTrue(!h.contains("MALLOC_ARENA_MAX=") && h.contains("TRANSFER4J_MALLOC=false"), h);
        assertNull(MallocSettings.hint(Map.of(), "Mac OS X"));
        assertNull(MallocSettings.hint(Map.of(), "Windows 11"));
        assertNull(MallocSettings.hint(Map.of("TRANSFER4J_MALLOC", " FALSE "), "Linux"));
        assertNull(MallocSettings.hint(MallocSettings.RECOMMENDED, "Linux"));
        assertTrue(MallocSettings.hint(Map.of("TRANSFER4J_MALLOC", "true"), "Linux").startsWith("glibc malloc runs with its defaults"));
    }
}
