package org.transfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskStart;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.transfer.BaseModel;

/**
 * Featurizing on a real standalone cluster (a Master and two one-core Workers on 127.0.0.1, executors in
 * their own JVMs) gives the features of featurizing in this JVM, bit for bit, also when a worker dies
 * during the job (its tasks run again on the other one; shards are written under a temporary name and
 * renamed, so the lost attempt leaves nothing behind).
 */
class SparkClusterFeaturizeIT {
    /**
     * Featurizes 36 images on a fresh two-worker cluster in three tasks, once both workers' executors are up and
     * {@code beforeJob} has seen the cluster and the context, and checks the features and labels against this JVM's bit for bit; then runs
     * {@code afterJob} before the context closes. Returns the shard directory.
     */
    static Path featurizeOnClusterAndCompare(Path tmp, String app, BiConsumer<StandaloneCluster, JavaSparkContext> beforeJob,
                                             Runnable afterJob) throws Exception {
        ImageFolder folder = ImageFolder.scan(ColourFolders.write(tmp.resolve("images"), 12, 9));
        ImagePreprocessing pre = BaseModel.defaultPreprocessing(List.of(3, 32, 32));
        ComputationGraph g = SparkFeaturizerTest.network();
        DataSet local = SparkFeaturizerTest.localFeatures(g, folder, pre, 6);
        Path out = tmp.resolve("features");
        try (StandaloneCluster cluster = StandaloneCluster.start(2, 1, 1536, tmp.resolve("work"));
             JavaSparkContext sc = new JavaSparkContext(StandaloneCluster.application(cluster.masterUrl(), app))) {
            StandaloneCluster.awaitExecutors(sc, 2, 120);
            beforeJob.accept(cluster, sc);
            SparkFeaturizer.Result r = SparkFeaturizer.featurize(sc, g, "pool", tmp.resolve("images"), folder.samples(),
                    folder.classes(), pre, 6, 3, out.toUri().toString());
            assertEquals(3, r.shards().size());
            DataSet spark = r.load();
            assertArrayEquals(local.getFeatures().dup('c').data().asFloat(), spark.getFeatures().dup('c').data().asFloat());
            assertArrayEquals(local.getLabels().dup('c').data().asFloat(), spark.getLabels().dup('c').data().asFloat());
            afterJob.run();
        }
        return out;
    }

    @Test
    void aStandaloneClusterFeaturizesBitIdenticallyToLocal(@TempDir Path tmp) throws Exception {
        featurizeOnClusterAndCompare(tmp, "transfer4j-cluster-it", (cluster, sc) -> { }, () -> { });
    }

    @Test
    void losingAWorkerMidJobStillGivesTheSameFeatures(@TempDir Path tmp) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger executorsLost = new AtomicInteger();
        Path out = featurizeOnClusterAndCompare(tmp, "transfer4j-cluster-kill-it", (cluster, sc) ->
                sc.sc().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskStart(SparkListenerTaskStart e) {
                        // The first task to start: worker 0 dies while the job runs (its executor JVM with it).
                        if (killed.compareAndSet(false, true)) {
                            new Thread(() -> cluster.killWorker(0)).start();
                        }
                    }

                    @Override
                    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                        executorsLost.incrementAndGet();
                    }
                }), () -> StandaloneCluster.await(() -> executorsLost.get() >= 1, 60));
        assertTrue(killed.get());
        assertTrue(executorsLost.get() >= 1, "an executor was lost with its worker");
        try (var files = java.nio.file.Files.list(out)) {
            assertEquals(List.of("part-00000.bin", "part-00001.bin", "part-00002.bin"),
                    files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(),
                    "no temporary shard of the lost attempt is left");
        }
    }
}
