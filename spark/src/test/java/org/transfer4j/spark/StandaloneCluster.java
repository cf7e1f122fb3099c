package org.transfer4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;

import scala.Option;
import scala.Tuple3;

/**
 * Test fixture: a real Spark standalone cluster on 127.0.0.1, Spark's own {@link Master} and
 * {@link Worker}s from spark-core in this JVM; each worker starts its executors as separate JVMs with
 * this JVM's classpath ({@code spark.executor.extraClassPath}). A worker's launcher wants
 * {@code $SPARK_HOME/jars} to exist and {@code SPARK_SCALA_VERSION} set: the build sets both variables
 * and this class creates the (empty) directory.
 */
public final class StandaloneCluster implements AutoCloseable {
    private final RpcEnv master;
    private final List<RpcEnv> workers = new ArrayList<>();
    private final String url;

    private StandaloneCluster(RpcEnv master, String url) {
        this.master = master;
        this.url = url;
    }

    /** A master and {@code workers} workers of {@code coresEach} cores and {@code memoryMb} each. */
    public static StandaloneCluster start(int workers, int coresEach, int memoryMb, Path workDir) throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null) {
            throw new IllegalStateException("SPARK_HOME must name a directory for the workers' launcher (the build sets it)");
        }
        Files.createDirectories(Path.of(home, "jars"));
        SparkConf conf = new SparkConf().set("spark.master.ui.port", "0").set("spark.ui.enabled", "false");
        Tuple3<RpcEnv, Object, Option<Object>> m = Master.startRpcEnvAndEndpoint(LocalSpark.LOOPBACK, 0, 0, conf);
        // The tuple is (RPC environment, web UI port, REST port): the master URL takes the RPC port.
        StandaloneCluster c = new StandaloneCluster(m._1(), "spark://" + LocalSpark.LOOPBACK + ":" + m._1().address().port());
        for (int i = 0; i < workers; i++) {
            Path dir = Files.createDirectories(workDir.resolve("worker-" + i));
            c.workers.add(Worker.startRpcEnvAndEndpoint(LocalSpark.LOOPBACK, 0, 0, coresEach, memoryMb, new String[] {c.url},
                    dir.toString(), Option.apply(i), new SparkConf().set("spark.worker.ui.port", "0"), Option.empty()));
        }
        return c;
    }

    public String masterUrl() {
        return url;
    }

    /** Stops worker {@code i} as a crash would: its executors die with it. */
    public void killWorker(int i) {
        RpcEnv w = workers.get(i);
        w.shutdown();
        w.awaitTermination();
    }

    /** What an application needs to run on this cluster from this JVM's classpath. */
    public static SparkConf application(String masterUrl, String name) {
        return LocalSpark.loopback(masterUrl, name)
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", System.getProperty("transfer4j.spark.opens", ""))
                .set("spark.executor.memory", "1g")
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
    }

    /**
     * Waits up to {@code seconds} until {@code n} executors have registered with the driver of {@code sc}, and says so
     * if they do not. A job starts as soon as one executor is up; a worker killed before its executor registered
     * takes with it an executor the driver never knew, so no loss is ever reported (the worker-loss test failed so
     * in about half of the full test runs, when the loaded machine started executor JVMs slowly).
     */
    public static void awaitExecutors(org.apache.spark.api.java.JavaSparkContext sc, int n, int seconds) {
        // The status tracker lists the driver as well as the executors.
        await(() -> sc.sc().statusTracker().getExecutorInfos().length - 1 >= n, seconds);
        int up = sc.sc().statusTracker().getExecutorInfos().length - 1;
        if (up < n) {
            throw new IllegalStateException(up + " of " + n + " executors registered within " + seconds + " s");
        }
    }

    /**
     * Waits up to {@code seconds} for {@code condition}: the driver hears of a lost executor from the master a moment
     * after the worker dies, possibly after the job that saw the loss has ended.
     */
    public static void await(java.util.function.BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        for (RpcEnv w : workers) {
            w.shutdown();
        }
        master.shutdown();
        for (RpcEnv w : workers) {
            w.awaitTermination();
        }
        master.awaitTermination();
    }
}
