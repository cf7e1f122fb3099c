package org.transfer4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark configurations as transfer4j runs them on one machine: driver and block manager bound to
 * 127.0.0.1 only, no web UI, an application name that says what runs.
 */
public final class LocalSpark {
    public static final String LOOPBACK = "127.0.0.1";

    private LocalSpark() {
    }

    /**
     * A configuration for {@code master} ({@code local[N]}, {@code spark://HOST:PORT}) whose driver listens on
     * 127.0.0.1 only; use it for tests and examples on one machine, never for a cluster across hosts.
     */
    public static SparkConf loopback(String master, String appName) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("master must be local[N], local[*] or spark://HOST:PORT, got '" + master + "'");
        }
        return new SparkConf().setMaster(master).setAppName(appName)
                .set("spark.driver.host", LOOPBACK)
                .set("spark.driver.bindAddress", LOOPBACK)
                .set("spark.ui.enabled", "false")
                // Tasks ship DataSet bytes and file lists; Java serialization keeps them exact and needs no registry.
                .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
    }

    /** A started context for {@code local[cores]}, on 127.0.0.1. */
    public static JavaSparkContext start(int cores, String appName) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, got " + cores);
        }
        return new JavaSparkContext(loopback("local[" + cores + "]", appName));
    }
}
