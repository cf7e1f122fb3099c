package org.transfer4j.app.finetune;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.transfer4j.report.TrainingReportWriter;

/** Fine-tune a base network on a task with a plan. */
@Command(name = "finetune", mixinStandardHelpOptions = true, description = "Adapt a pretrained network to a task (feature extraction, fine-tuning or"
        + " gradual unfreezing), with early stopping, checkpoints and resume, model export and a report.")
public final class FineTuneCommand implements Callable<Integer> {
    @Mixin
    FineTuneOptions options = new FineTuneOptions();

    @Override
    public Integer call() throws Exception {
        var report = FineTune.run(options);
        System.out.println(TrainingReportWriter.summary(report));
        System.out.println("Report: " + options.outputDir.resolve(TrainingReportWriter.MARKDOWN).toAbsolutePath());
        return 0;
    }
}
