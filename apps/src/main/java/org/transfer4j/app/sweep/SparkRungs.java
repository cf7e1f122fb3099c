package org.transfer4j.app.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.transfer4j.app.finetune.RunSpec;
import org.transfer4j.common.Json;

/**
 * Runs a rung's jobs as Spark tasks, one per candidate: each task pulls its candidate's directory from the
 * {@link CandidateStore}, trains it to the rung in a local directory, and pushes it back. A task whose
 * executor is lost is retried by Spark ({@code spark.task.maxFailures}) and goes on from the checkpoint of the
 * last push, so the retry trains what the lost one would have, to the same numbers.
 */
public final class SparkRungs implements SynchronousHalving.Runner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkRungs.class);
    private final JavaSparkContext sc;
    private final CandidateStore store;

    /**
     * @param shared the directory (a Hadoop FileSystem URI) that holds the candidates' directories; every executor
     *               must reach it
     */
    public SparkRungs(JavaSparkContext sc, String shared) {
        this.sc = sc;
        this.store = new CandidateStore(shared);
    }

    @Override
    public List<RungResult> run(RunSpec template, List<RungJob> jobs) throws IOException {
        if (jobs.isEmpty()) {
            return List.of();
        }
        // The run travels as its JSON (java.nio paths are not Serializable), its paths absolute: an executor's working
        // directory is not the driver's.
        String t = Json.MAPPER.writeValueAsString(template.absolute());
        CandidateStore s = store;
        LOG.info("{} Spark task(s), candidates in {}", jobs.size(), s.root());
        return sc.parallelize(jobs, jobs.size()).map(job -> runTask(t, s, job)).collect();
    }

    /** Brings candidate {@code index}'s directory into {@code sweepDir}'s {@code candidates/}, unless the store is there. */
    void fetch(int index, Path sweepDir) throws IOException {
        if (!store.isAt(sweepDir)) {
            store.pull(index, TransferTaskCreator.candidateDir(sweepDir, index));
        }
    }

    /** One task: pull, train, push. A failure to reach the store fails the task, which Spark then retries. */
    static RungResult runTask(String templateJson, CandidateStore store, RungJob job) throws IOException {
        RunSpec template = Json.MAPPER.readValue(templateJson, RunSpec.class);
        Path local = Files.createTempDirectory("transfer4j-candidate-" + job.index() + "-");
        try {
            store.pull(job.index(), local);
            RungResult r = CandidateTrainer.train(template, local, job);
            store.push(job.index(), local);
            return r;
        } finally {
            org.apache.commons.io.FileUtils.deleteDirectory(local.toFile());
        }
    }
}
