package org.transfer4j.app.advise;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.transfer4j.api.Advise;
import org.transfer4j.api.Base;
import org.transfer4j.api.TaskData;
import org.transfer4j.common.Progress;
import org.transfer4j.transfer.plan.TransferPlan;

/** {@code transfer4j advise}: ranks the candidates on the user's images and writes the report. */
public final class AdviseCommand {
    private AdviseCommand() {
    }

    /** Runs {@code transfer4j advise} with these arguments (the IDE's entry point). */
    public static void main(String[] args) {
        System.exit(org.transfer4j.app.cli.Transfer4jCli.run("advise", args));
    }

    public static AdviseReport run(AdviseOptions o) throws IOException {
        if (o.data == null || !Files.isDirectory(o.data)) {
            throw new IllegalArgumentException("--data must be a folder of labelled images (DIR/<class>/<image>), got " + o.data);
        }
        List<TransferPlan.Base> bases = o.candidates.stream().map(Base::parse).toList();
        Advise advise = Advise.candidates(bases.toArray(TransferPlan.Base[]::new)).examples(o.examples)
                .cutsPerBackbone(o.cuts).randomControls(o.controls).seed(o.seed).mirror(o.mirror);
        long t0 = System.nanoTime();
        Advise.Ranking r;
        try (Progress p = Progress.console("advise", o.progress, advise.steps())) {
            r = advise.progress(p).on(TaskData.folder(o.data));
        }
        AdviseReport report = new AdviseReport(r.scores(), r.failures(), AdviseReport.recommend(r), o.candidates,
                o.data.toString(), o.examples, (System.nanoTime() - t0) / 1e9);
        Files.createDirectories(o.outputDir);
        AdviseReportWriter.writeAll(report, o.outputDir);
        return report;
    }
}
