package org.transfer4j.app.sweep;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.transfer4j.app.finetune.FineTuneOptions;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of {@link Sweep}: the space, the generator and its budget, pruning, and the fine-tuning
 * template every candidate starts from (base, data, epochs, patience; the space overrides the rest).
 */
public final class SweepOptions {
    /** The candidate generators (Arbiter's). */
    public enum Generator { RANDOM, GRID, GENETIC }

    /** Successive halving's two schedules. */
    public enum Rungs {
        /** Each candidate is decided as it reaches a rung, against those before it (one candidate at a time). */
        ASYNC,
        /** Every candidate trains to a rung, then the best 1/eta go on: a rung's candidates can train at once. */
        SYNC
    }

    @Mixin
    public FineTuneOptions template = defaultTemplate();

    @Option(names = "--space", description = "Sweep space (JSON); default: the built-in space for the Fashion-MNIST task.")
    public Path space;

    @Option(names = "--generator", description = "RANDOM, GRID or GENETIC (default: ${DEFAULT-VALUE}).")
    public Generator generator = Generator.RANDOM;

    @Option(names = "--candidates", description = "Candidates to finish, failed ones included (default: ${DEFAULT-VALUE}).")
    public int candidates = 12;

    @Option(names = "--max-minutes", description = "ASYNC: stop starting candidates after this long (default: ${DEFAULT-VALUE});"
            + " SYNC runs its --candidates through every rung.")
    public double maxMinutes = 60;

    @Option(names = "--sweep-seed", description = "Seed of the candidate generator (default: ${DEFAULT-VALUE}).")
    public long sweepSeed = 42;

    @Option(names = "--grid-points", description = "GRID: values per continuous parameter (default: ${DEFAULT-VALUE}).")
    public int gridPoints = 3;

    @Option(names = "--no-pruning", negatable = true, description = "Run every candidate to early stopping (no successive halving).")
    public boolean pruning = true;

    @Option(names = "--rung-epochs", description = "Successive halving: first rung at this epoch (default: ${DEFAULT-VALUE}).")
    public int rungEpochs = 2;

    @Option(names = "--eta", description = "Successive halving: keep the best 1/eta at each rung (default: ${DEFAULT-VALUE}).")
    public int eta = 2;

    /** The master URLs Spark accepts (its SparkContext and SparkSubmit parse the same forms). */
    static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
            "local(\\[(\\d+|\\*)(,\\d+)?])?|spark://[^\\s]+|yarn|k8s://[^\\s]+|mesos://[^\\s]+");

    @Option(names = "--advice", description = "An advise report (advise.json): its best pretrained backbone becomes the"
            + " base and its suggested cut the feature-extraction vertex.")
    public Path advice;

    @Option(names = "--rungs", description = "Successive halving: ASYNC or SYNC (default: ASYNC here, SYNC with --master).")
    public Rungs rungs;

    @Option(names = "--master", description = "Train candidates as Spark tasks: local[N], local[*] or spark://HOST:PORT"
            + " (synchronous rungs).")
    public String master;

    @Option(names = "--shared", description = "With --master: the directory of the candidates' checkpoints, as a Hadoop"
            + " FileSystem URI every executor reaches (file:///..., hdfs://..., s3a://...); default: the --out directory.")
    public String shared;

    /** The schedule in force: the one asked for, else SYNC on Spark and ASYNC here. */
    public Rungs rungs() {
        return rungs != null ? rungs : master != null ? Rungs.SYNC : Rungs.ASYNC;
    }

    static FineTuneOptions defaultTemplate() {
        FineTuneOptions o = new FineTuneOptions();
        o.outputDir = Paths.get("transfer4j-out", "sweep");
        o.maxEpochs = 12;
        o.patience = 3;
        return o;
    }

    Path dir() {
        return template.outputDir;
    }

    void validate() {
        if (candidates < 1) {
            throw new IllegalArgumentException("--candidates must be >= 1, got " + candidates);
        }
        if (!(maxMinutes > 0)) {
            throw new IllegalArgumentException("--max-minutes must be > 0, got " + maxMinutes);
        }
        if (gridPoints < 2) {
            throw new IllegalArgumentException("--grid-points must be >= 2, got " + gridPoints);
        }
        new SuccessiveHalving(rungEpochs, eta);
        if (master != null && rungs == Rungs.ASYNC) {
            throw new IllegalArgumentException("--rungs ASYNC decides candidates one after another; on Spark (--master "
                    + master + ") the rungs are SYNC: drop --rungs");
        }
        if (rungs() == Rungs.SYNC && generator == Generator.GENETIC) {
            throw new IllegalArgumentException("--generator GENETIC breeds candidates from finished ones; synchronous rungs"
                    + " need every candidate up front: use RANDOM or GRID");
        }
        if (shared != null && master == null) {
            throw new IllegalArgumentException("--shared " + shared + " is where Spark executors keep candidates; add --master");
        }
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("--master must be local, local[N], local[*], local[N,MAX_FAILURES],"
                    + " spark://HOST:PORT, yarn or k8s://URL, got '" + master + "'");
        }
    }
}
