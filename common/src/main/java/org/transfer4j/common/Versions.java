package org.transfer4j.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Library and runtime versions, recorded in every manifest and report. */
public final class Versions {
    private Versions() {
    }

    public static Map<String, String> all() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("versions.properties is unreadable", e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("transfer4j", p.getProperty("transfer4j", "unknown"));
        out.put("dl4j", p.getProperty("dl4j", "unknown"));
        out.put("java", System.getProperty("java.version"));
        out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return out;
    }

    /** The machine and threading facts that decide how fast a run is. */
    public static Map<String, String> environment() {
        Map<String, String> out = new LinkedHashMap<>(all());
        out.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String omp = System.getenv("OMP_NUM_THREADS");
        out.put("OMP_NUM_THREADS", omp == null ? "unset" : omp);
        return out;
    }
}
