package org.transfer4j.app.sweep;

import org.transfer4j.app.finetune.RunSpec;
import org.transfer4j.report.Provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GeneticSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;
import org.transfer4j.common.Versions;
import org.transfer4j.report.ModelExport;
import org.transfer4j.report.TrainingReport;
import org.transfer4j.report.TrainingReportWriter;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.common.Progress;


/**
 * A hyperparameter sweep over transfer choices with Arbiter: the space becomes Arbiter parameter
 * spaces, Arbiter's generator proposes candidates and its runner executes them until a termination
 * condition (candidate count, time) holds; each candidate is a transfer plan trained with early stopping
 * and pruned by successive halving. Resumable from its journal; writes a leaderboard (Markdown, CSV,
 * JSON, PNG), the best model and the sweep's manifest. {@code main} runs the default sweep from the IDE.
 */
public final class Sweep {
    public static final String MANIFEST = "sweep-manifest.json";

    private Sweep() {
    }

    /** Runs {@code transfer4j sweep} with these arguments (the IDE's entry point). */
    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new SweepCommand(), args));
    }

    public static SweepReport run(SweepOptions o) throws IOException {
        o.validate();
        RunSpec template = AdviceSeed.template(o);
        if (o.master == null) {
            return execute(o, template, o.rungs() == SweepOptions.Rungs.SYNC ? new LocalRungs(o.dir()) : null);
        }
        try (org.apache.spark.api.java.JavaSparkContext sc = SweepSpark.context(o.master)) {
            return execute(o, template, new SparkRungs(sc, o.shared != null ? o.shared : o.dir().toAbsolutePath().toUri().toString()));
        }
    }

    /**
     * Runs the sweep with {@code rungs} training synchronous rungs (here, or as Spark tasks on a context the caller
     * owns); null: asynchronous successive halving in this JVM.
     */
    public static SweepReport run(SweepOptions o, SynchronousHalving.Runner rungs) throws IOException {
        o.validate();
        return execute(o, AdviceSeed.template(o), rungs);
    }

    /** The sweep of {@code template} (the options' run, seeded with any advice) on validated options. */
    private static SweepReport execute(SweepOptions o, RunSpec template, SynchronousHalving.Runner rungs) throws IOException {
        CpuHelpers.configure();
        long start = System.nanoTime();
        Provenance provenance = Provenance.of(null, null, template); // the data is known from the best candidate's report
        Path dir = Files.createDirectories(o.dir());
        SpaceSpec spec = AdviceSeed.space(o, o.space != null ? SpaceSpec.read(o.space) : SpaceSpec.defaults());
        SweepReport.Manifest manifest = manifest(o, template, spec, null);
        Path manifestFile = dir.resolve(MANIFEST);
        if (Files.isRegularFile(manifestFile)) {
            SweepReport.Manifest before = Json.readFile(manifestFile, SweepReport.Manifest.class);
            if (!Json.write(withoutData(before)).equals(Json.write(withoutData(manifest)))) {
                throw new IllegalStateException(dir + " holds a sweep with another space, generator, seed, rung schedule or template; use"
                        + " another --out, or delete it to start afresh");
            }
        }
        Json.writeFile(manifestFile, manifest);
        Journal journal = new Journal(dir);
        SuccessiveHalving pruner = o.pruning && rungs == null ? new SuccessiveHalving(o.rungEpochs, o.eta) : null;
        if (pruner != null) {
            journal.entries().forEach(e -> pruner.replay(e.validationByEpoch()));
        }
        TransferSpace space = new TransferSpace(spec.toArbiter());
        CandidateGenerator generator = generator(o, space);
        try (Progress progress = Progress.console("sweep", o.template.progress, o.candidates)) {
            if (!journal.entries().isEmpty()) {
                progress.log("resuming: " + journal.entries().size() + " candidate(s) already in " + dir.resolve(Journal.FILE));
            }
            OptimizationConfiguration conf = new OptimizationConfiguration.Builder().candidateGenerator(generator)
                    .dataProvider(new ValidationScore.NoData()).scoreFunction(new ValidationScore())
                    .terminationConditions(new MaxCandidatesCondition(o.candidates),
                            new MaxTimeCondition((long) Math.ceil(o.maxMinutes * 60), TimeUnit.SECONDS))
                    .build();
            if (rungs != null) {
                new SynchronousHalving(o.rungEpochs, o.eta, o.template.maxEpochs, o.pruning)
                        .run(proposals(generator, o.candidates), template, journal, rungs, progress);
            } else {
                // One candidate at a time: each uses both cores' worth of native threads as it needs, and the
                // pruner's decisions stay in candidate order (so a resumed sweep repeats them exactly).
                LocalOptimizationRunner runner = new LocalOptimizationRunner(1, conf,
                        new TransferTaskCreator(template, dir, journal, pruner, progress::step));
                runner.execute();
            }
        }
        List<Journal.Entry> board = SweepReport.rank(journal.entries());
        Journal.Entry best = board.isEmpty() || board.get(0).score() == null ? null : board.get(0);
        if (best != null && rungs instanceof SparkRungs spark) {
            spark.fetch(best.index(), dir); // its report and model, from the shared directory
        }
        String data = best == null ? null : Json.readFile(dir.resolve(best.directory()).resolve(TrainingReportWriter.JSON),
                TrainingReport.class).data().fingerprint();
        manifest = manifest(o, template, spec, data);
        Json.writeFile(manifestFile, manifest);
        if (best != null) {
            copyBestModel(dir.resolve(best.directory()).resolve("model"), dir.resolve("best-model"));
        }
        Influence.Result inf = Influence.strongest(board);
        SweepReport r = new SweepReport(manifest, board, best, inf.parameter(), inf.correlation(),
                board.stream().mapToInt(Journal.Entry::epochs).sum(), (System.nanoTime() - start) / 1e9,
                provenance.withData(data));
        SweepReportWriter.writeAll(r, dir);
        return r;
    }

    /** The generator's first {@code n} candidates (fewer if it runs out), by index: synchronous rungs need them all up front. */
    @SuppressWarnings("unchecked")
    static Map<Integer, Map<String, Object>> proposals(CandidateGenerator g, int n) {
        Map<Integer, Map<String, Object>> out = new java.util.TreeMap<>();
        while (out.size() < n && g.hasMoreCandidates()) {
            org.deeplearning4j.arbiter.optimize.api.Candidate c = g.getCandidate();
            out.put(c.getIndex(), (Map<String, Object>) c.getValue());
        }
        return out;
    }

    static CandidateGenerator generator(SweepOptions o, TransferSpace space) {
        return switch (o.generator) {
            case RANDOM -> {
                RandomSearchGenerator g = new RandomSearchGenerator(space, null);
                g.setRngSeed(o.sweepSeed); // Arbiter's default is an unseeded RNG
                yield g;
            }
            case GRID -> new GridSearchCandidateGenerator(space, o.gridPoints, GridSearchCandidateGenerator.Mode.Sequential, null);
            case GENETIC -> {
                GeneticSearchCandidateGenerator g = new GeneticSearchCandidateGenerator.Builder(space, new ValidationScore()).build();
                g.setRngSeed(o.sweepSeed);
                yield g;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static SweepReport.Manifest manifest(SweepOptions o, RunSpec run, SpaceSpec spec, String data) {
        Map<String, Object> template = Json.MAPPER.convertValue(run, LinkedHashMap.class);
        return new SweepReport.Manifest(spec, o.generator.name(), o.sweepSeed, o.candidates, o.maxMinutes, o.pruning,
                o.rungEpochs, o.eta, o.rungs().name(), template, data, Versions.all());
    }

    private static SweepReport.Manifest withoutData(SweepReport.Manifest m) {
        return new SweepReport.Manifest(m.space(), m.generator(), m.seed(), m.candidates(), m.maxMinutes(), m.pruning(),
                m.rungEpochs(), m.eta(), m.rungs(), m.template(), null, null);
    }

    private static void copyBestModel(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of(ModelExport.MODEL, ModelExport.MANIFEST)) {
            AtomicFiles.writePath(to.resolve(f), tmp -> Files.copy(from.resolve(f), tmp, StandardCopyOption.REPLACE_EXISTING));
        }
    }
}
