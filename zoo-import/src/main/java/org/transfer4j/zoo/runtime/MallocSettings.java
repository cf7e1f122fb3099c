package org.transfer4j.zoo.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glibc malloc settings for training, and a one-time hint when a JVM runs without them.
 *
 * <p>ND4J and oneDNN allocate and free large native buffers (arrays, layout reorders) on every op. With
 * glibc's defaults a large block is a fresh {@code mmap} unmapped on {@code free}, and a thread's arena
 * deletes a heap that becomes empty, so every op faults its pages in again; on this project's virtual
 * machines that is most of the time of MobileNetV2's reorders ({@code WorkloadProfile}). One arena, no
 * mmap for large blocks and a high trim threshold keep the memory in the process: MobileNetV2 training
 * steps about 1.5x faster, peak memory about 15% higher (the speed issue's closing note has the
 * figures). Results do not change: only where buffers live does.
 *
 * <p>They are environment variables read when the process starts ({@code mallopt} at run time cannot
 * move a thread that already has its own arena), so a library cannot switch them on: the project's
 * launchers and test runs set them ({@code scripts/malloc-env.sh}), and the first transfer4j entry point
 * that loads, builds or trains a network logs once, at INFO, how to set them when they are missing.
 * {@code TRANSFER4J_MALLOC=false} opts out of both.
 */
public final class MallocSettings {
    public static final String OPT_OUT_ENV = "TRANSFER4J_MALLOC";
    /** The recommended environment, in the order {@code scripts/malloc-env.sh} sets it. */
    public static final Map<String, String> RECOMMENDED = recommended();

    private static final Logger LOG = LoggerFactory.getLogger(MallocSettings.class);
    private static volatile boolean hinted;

    private MallocSettings() {
    }

    private static Map<String, String> recommended() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("MALLOC_ARENA_MAX", "1");
        m.put("MALLOC_MMAP_MAX_", "0");
        m.put("MALLOC_TRIM_THRESHOLD_", "1073741824");
        m.put("MALLOC_TOP_PAD_", "67108864");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The recommended variables {@code env} lacks (any value the user set counts as their choice). */
    public static Map<String, String> missing(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        RECOMMENDED.forEach((k, v) -> {
            if (!env.containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * The hint for a process with environment {@code env} on operating system {@code os}, or null when
     * none is due: not Linux, opted out, or nothing missing.
     */
    static String hint(Map<String, String> env, String os) {
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux") || "false".equalsIgnoreCase(env.getOrDefault(OPT_OUT_ENV, "").trim())) {
            return null;
        }
        Map<String, String> missing = missing(env);
        if (missing.isEmpty()) {
            return null;
        }
        return "glibc malloc runs with its defaults, which fault large native buffers in again on every op (training "
                + "large networks runs up to 1.5x slower); start the JVM with "
                + missing.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))
                + " (in an IDE: the run configuration's environment; see README, Speed), or set " + OPT_OUT_ENV
                + "=false to silence this";
    }

    /** Logs {@link #hint} once per JVM for this process's environment. */
    public static void hintOnce() {
        if (!hinted) {
            hinted = true;
            String h = hint(System.getenv(), System.getProperty("os.name", ""));
            if (h != null) {
                LOG.info(h);
            }
        }
    }
}
