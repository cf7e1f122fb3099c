package org.transfer4j.app.text;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The text study. */
@Command(name = "text-study", mixinStandardHelpOptions = true, description = "Naive Bayes against a pretrained text"
        + " encoder (feature extraction, fine-tuning its top blocks) on Debian's package descriptions, K texts a class.")
public final class TextStudyCommand implements Callable<Integer> {
    @Mixin
    TextStudyOptions options = new TextStudyOptions();

    @Override
    public Integer call() throws Exception {
        TextStudyReport r = TextStudy.run(options);
        System.out.println(r.table());
        System.out.println("Report: " + options.outputDir.resolve(org.transfer4j.report.ReportWriter.MARKDOWN).toAbsolutePath());
        return 0;
    }
}
