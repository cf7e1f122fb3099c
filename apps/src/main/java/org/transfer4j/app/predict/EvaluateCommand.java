package org.transfer4j.app.predict;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

import org.transfer4j.report.EvaluationReport;
import org.transfer4j.report.ReportWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate --model M --data DIR}: a saved model scored on a labelled folder, written as a report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score a saved model on a labelled image folder"
        + " (DIR/<class>/<image>): accuracy, per-class precision and recall, confusion matrix, every prediction.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "A run directory written by finetune (or TransferResult.save),"
            + " its model/ folder or the model.zip.")
    Path model;

    @Option(names = "--data", required = true, description = "Labelled folder: one sub-folder per class, named as the model's classes.")
    Path data;

    @Option(names = "--out", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out = Paths.get("transfer4j-out", "evaluate");

    @Override
    public Integer call() throws Exception {
        ModelArguments.labelledFolder(data); // checked before the model loads
        EvaluationReport r = ModelArguments.load(model).evaluate(data);
        ReportWriter.write(r, out);
        System.out.printf("accuracy %.4f on %d images of %s (%d file(s) not usable)%n", r.accuracy(), r.examples(), data,
                r.skipped().size());
        System.out.println("Report: " + out.resolve(ReportWriter.MARKDOWN).toAbsolutePath());
        return 0;
    }
}
