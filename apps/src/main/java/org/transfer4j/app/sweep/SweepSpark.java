package org.transfer4j.app.sweep;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.transfer4j.spark.LocalSpark;
import org.transfer4j.zoo.runtime.MallocSettings;

/** The Spark context {@code sweep --master} runs on. */
final class SweepSpark {
    private SweepSpark() {
    }

    /**
     * A configuration for {@code master}: on this machine ({@code local[...]}, or a master on 127.0.0.1) the
     * driver binds to 127.0.0.1 only; for a cluster, Spark's own address settings apply ({@code SPARK_LOCAL_IP},
     * {@code spark.driver.host}). Executors train with one native thread per task and the launchers' glibc
     * malloc settings, as {@code transfer4j.sh} does.
     */
    static SparkConf conf(String master) {
        boolean here = master.startsWith("local") || master.startsWith("spark://" + LocalSpark.LOOPBACK + ":");
        SparkConf c = here ? LocalSpark.loopback(master, "transfer4j sweep")
                : new SparkConf().setMaster(master).setAppName("transfer4j sweep")
                        .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
        c.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        MallocSettings.RECOMMENDED.forEach((k, v) -> c.setIfMissing("spark.executorEnv." + k, v));
        return c;
    }

    static JavaSparkContext context(String master) {
        return new JavaSparkContext(conf(master));
    }
}
