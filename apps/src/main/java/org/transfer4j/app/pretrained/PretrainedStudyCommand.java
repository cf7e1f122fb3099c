package org.transfer4j.app.pretrained;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The pretrained-backbone study: the README's main job. */
@Command(name = "pretrained-study", mixinStandardHelpOptions = true, description = "Transfer a real pretrained ImageNet"
        + " backbone (nsfwjs' MobileNetV2) to Fashion-MNIST: feature extraction at several cuts, fine-tuning, gradual"
        + " unfreezing, against a linear model on pixels and a LeNet from scratch.")
public final class PretrainedStudyCommand implements Callable<Integer> {
    @Mixin
    PretrainedStudyOptions options = new PretrainedStudyOptions();

    @Override
    public Integer call() throws Exception {
        var report = PretrainedStudy.run(options);
        System.out.println(PretrainedReportWriter.table(report));
        report.verdicts().forEach(v -> System.out.println(v.sentence()));
        report.cutRankings().forEach(c -> System.out.println(c.sentence()));
        System.out.println("Report: " + options.outputDir.resolve(PretrainedReportWriter.MARKDOWN)
                .toAbsolutePath());
        return 0;
    }
}
