package org.transfer4j.app.advise;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.transfer4j.advise.Advise;
import org.transfer4j.plan.Base;
import org.transfer4j.advise.StrategyAdvice;
import org.transfer4j.advise.StrategyAdvisor;
import org.transfer4j.plan.TaskData;
import org.transfer4j.common.Progress;

/**
 * {@code transfer4j advise}: ranks the candidates on the user's images, probes strategies on the best one
 * within the budget, and writes the report.
 */
public final class AdviseCommand {
    private AdviseCommand() {
    }

    /** Runs {@code transfer4j advise} with these arguments (the IDE's entry point). */
    public static void main(String[] args) {
        System.exit(org.transfer4j.app.launch.Launcher.execute(new AdviseCli(), args));
    }

    public static AdviseReport run(AdviseOptions o) throws IOException {
        TaskData data = data(o);
        List<Base> bases = o.candidates.stream().map(Base::parse).toList();
        Advise advise = Advise.candidates(bases.toArray(Base[]::new)).examples(o.examples)
                .cutsPerBackbone(o.cuts).randomControls(o.controls).seed(o.seed).mirror(o.mirror);
        if (o.inputSize > 0) {
            advise.inputSize(o.inputSize);
        }
        long t0 = System.nanoTime();
        org.transfer4j.report.Provenance provenance = org.transfer4j.report.Provenance.of(describe(o), null, o);
        Advise.Ranking r;
        try (Progress p = Progress.console("advise: ranking", o.progress, advise.steps())) {
            r = advise.progress(p).on(data);
        }
        StrategyAdvice strategy = null;
        Advise.Score best = r.scores().stream().filter(s -> !s.randomControl()).findFirst().orElse(null);
        if (o.strategyBudget > 0 && best != null) {
            Base base = bases.stream().filter(b -> b.toString().equals(best.candidate())).findFirst().orElseThrow();
            // feature extraction is probed where the ranking's probe says to cut
            StrategyAdvisor sa = StrategyAdvisor.of(base).cut(r.suggestedCut(best.candidate()).cut()).budgetSeconds(o.strategyBudget)
                    .probeExamples(o.probeExamples).seed(o.seed).mirror(o.mirror);
            if (o.inputSize > 0) {
                sa.inputSize(o.inputSize);
            }
            try (Progress p = Progress.console("advise: strategies", o.progress, sa.steps())) {
                strategy = sa.progress(p).on(data);
            }
        }
        AdviseReport report = new AdviseReport(r.scores(), r.failures(), AdviseReport.recommend(r), strategy, o.candidates,
                describe(o), o.examples, (System.nanoTime() - t0) / 1e9, provenance);
        Files.createDirectories(o.outputDir);
        AdviseReportWriter.writeAll(report, o.outputDir);
        return report;
    }

    static TaskData data(AdviseOptions o) {
        boolean fashion = o.fashionClasses != null && !o.fashionClasses.isEmpty();
        if (fashion == (o.data != null)) {
            throw new IllegalArgumentException("give either --data DIR (a folder of labelled images, DIR/<class>/<image>) or"
                    + " --fashion-classes C,C,..., got " + (fashion ? "both" : "neither"));
        }
        if (fashion) {
            return TaskData.fashionMnist(o.fashionClasses.stream().mapToInt(Integer::intValue).toArray()).k(o.k).dataDir(o.fashionDir);
        }
        if (!Files.isDirectory(o.data)) {
            throw new IllegalArgumentException("--data must be a folder of labelled images (DIR/<class>/<image>), got " + o.data);
        }
        return TaskData.folder(o.data);
    }

    private static String describe(AdviseOptions o) {
        return o.data != null ? o.data.toString() : "fashion-mnist classes " + o.fashionClasses + ", k=" + o.k;
    }
}
