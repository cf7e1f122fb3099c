package org.transfer4j.app.advise;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Rank candidate backbones and cuts on the user's images before training anything. */
@Command(name = "advise", mixinStandardHelpOptions = true, sortOptions = false, description = "Rank candidate backbones"
        + " and cut points on your labelled images without training (LogME on a seeded sample, with random-weight controls);"
        + " writes advise.md, advise.json and advise.png.")
public final class AdviseCli implements Callable<Integer> {
    @Mixin
    AdviseOptions options = new AdviseOptions();

    @Override
    public Integer call() throws Exception {
        var report = AdviseCommand.run(options);
        if (report.scores().isEmpty()) {
            // Nothing to recommend: a script must see a failure (the report, with each reason, is still written).
            System.err.println("error: no candidate could be scored: " + report.failures().stream()
                    .map(f -> f.candidate() + ": " + f.reason()).collect(java.util.stream.Collectors.joining("; ")));
            return 1;
        }
        System.out.println(report.recommendation());
        System.out.println(new org.transfer4j.advise.Advise.Ranking(report.scores(), report.failures()).table());
        System.out.println("Report: " + options.outputDir.resolve(AdviseReportWriter.MARKDOWN)
                .toAbsolutePath());
        return 0;
    }
}
