package org.transfer4j.app.study;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The Fashion-MNIST transfer study. */
@Command(name = "study", mixinStandardHelpOptions = true, description = "Run the LeNet Fashion-MNIST transfer study"
        + " (from scratch, feature extraction and fine-tuning at several K).")
public final class StudyCommand implements Callable<Integer> {
    @Mixin
    StudyOptions options = new StudyOptions();

    @Override
    public Integer call() throws Exception {
        var report = TransferStudy.run(options);
        System.out.println(StudyReportWriter.markdownTable(report));
        System.out.println("Report: " + options.outputDir.resolve(StudyReportWriter.MARKDOWN).toAbsolutePath());
        return 0;
    }
}
