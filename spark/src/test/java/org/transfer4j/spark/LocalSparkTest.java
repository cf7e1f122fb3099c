package org.transfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class LocalSparkTest {
    @Test
    void aLocalContextRunsTasksOnLoopbackOnly() {
        try (JavaSparkContext sc = LocalSpark.start(2, "transfer4j-test")) {
            assertEquals("127.0.0.1", sc.getConf().get("spark.driver.host"));
            assertEquals("127.0.0.1", sc.getConf().get("spark.driver.bindAddress"));
            assertEquals(List.of(1, 4, 9, 16), sc.parallelize(List.of(1, 2, 3, 4), 2).map(x -> x * x).collect());
            assertEquals(2, sc.defaultParallelism());
            // The build binds every Spark test to loopback (and keeps the parent's settings beside it).
            assertEquals("127.0.0.1", System.getenv("SPARK_LOCAL_IP"));
            assertEquals("1", System.getenv("OMP_NUM_THREADS"));
        }
    }

    @Test
    void oneCoreIsEnough() {
        try (JavaSparkContext sc = LocalSpark.start(1, "transfer4j-test")) {
            assertEquals("local[1]", sc.master());
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalSpark.start(0, "x")).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalSpark.loopback(" ", "x")).getMessage().contains("got ' '"));
    }
}
