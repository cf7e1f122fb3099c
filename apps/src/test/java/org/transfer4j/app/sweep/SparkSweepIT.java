package org.transfer4j.app.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.spark.StandaloneCluster;

/**
 * The small sweep of {@link SweepIT} with synchronous rungs, run in this JVM and on a real Spark standalone
 * cluster on 127.0.0.1 (Spark's Master and two one-core Workers, executors in their own JVMs, candidates'
 * checkpoints on a shared directory through Hadoop's FileSystem): the leaderboards agree entry for entry, and
 * again when a worker dies during the sweep (Spark retries its tasks on the other one, from the checkpoints).
 */
class SparkSweepIT {
    @TempDir
    Path tmp;

    @Test
    void aSweepOnAClusterEndsWithTheLocalLeaderboardAlsoWhenAWorkerDies() throws Exception {
        Path local = tmp.resolve("local");
        Sweep.run(SweepIT.options(local, "--rungs", "SYNC"));
        List<String> expected = SweepIT.board(local);
        assertEquals(5, expected.size());
        assertTrue(expected.stream().anyMatch(e -> e.contains(" pruned ")), "the sweep prunes: " + expected);

        try (StandaloneCluster cluster = StandaloneCluster.start(2, 1, 1536, tmp.resolve("work"));
             JavaSparkContext sc = new JavaSparkContext(StandaloneCluster.application(cluster.masterUrl(), "transfer4j-sweep-it"))) {
            Path whole = tmp.resolve("cluster");
            SweepOptions o = SweepIT.options(whole, "--rungs", "SYNC");
            Sweep.run(o, new SparkRungs(sc, whole.toUri().toString()));
            assertEquals(expected, SweepIT.board(whole), "the cluster's leaderboard is the local one");
            assertTrue(Files.isRegularFile(whole.resolve("best-model").resolve("model.zip")));

            // The same sweep afresh, with worker 0 killed as the second rung's tasks start: a task lost with it is
            // retried on the other worker from the checkpoint the first rung pushed. Candidates live apart from --out.
            AtomicBoolean killed = new AtomicBoolean();
            AtomicInteger lost = new AtomicInteger();
            AtomicInteger lostTasks = new AtomicInteger();
            java.util.Set<Integer> stages = java.util.concurrent.ConcurrentHashMap.newKeySet();
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskStart(SparkListenerTaskStart e) {
                    stages.add(e.stageId());
                    if (stages.size() == 2 && killed.compareAndSet(false, true)) {
                        new Thread(() -> cluster.killWorker(0)).start();
                    }
                }

                @Override
                public void onTaskEnd(SparkListenerTaskEnd e) {
                    if (e.reason() instanceof org.apache.spark.ExecutorLostFailure) {
                        lostTasks.incrementAndGet();
                    }
                }

                @Override
                public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                    lost.incrementAndGet();
                }
            });
            Path survived = tmp.resolve("killed");
            Path shared = Files.createDirectories(tmp.resolve("shared"));
            SweepOptions k = SweepIT.options(survived, "--rungs", "SYNC");
            Sweep.run(k, new SparkRungs(sc, shared.toUri().toString()));
            StandaloneCluster.await(() -> lost.get() >= 1, 60);
            assertTrue(killed.get() && lost.get() >= 1, "a worker and its executor were lost");
            assertTrue(lostTasks.get() >= 1, "a second-rung task was lost with it and run again");
            assertEquals(expected, SweepIT.board(survived), "losing a worker changes nothing");
            assertTrue(Files.isDirectory(shared.resolve("candidates").resolve("000").resolve("checkpoints")));
            assertTrue(Files.isRegularFile(survived.resolve("best-model").resolve("model.zip")),
                    "the best candidate's model is fetched from the shared directory");
        }
    }
}
