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

    @Mixin
    public FineTuneOptions template = defaultTemplate();

    @Option(names = "--space", description = "Sweep space (JSON); default: the built-in space for the Fashion-MNIST task.")
    public Path space;

    @Option(names = "--generator", description = "RANDOM, GRID or GENETIC (default: ${DEFAULT-VALUE}).")
    public Generator generator = Generator.RANDOM;

    @Option(names = "--candidates", description = "Candidates to finish, failed ones included (default: ${DEFAULT-VALUE}).")
    public int candidates = 12;

    @Option(names = "--max-minutes", description = "Stop starting candidates after this long (default: ${DEFAULT-VALUE}).")
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
    }
}
