package org.transfer4j.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.internal.chartpart.Chart;
import org.transfer4j.data.image.SkippedFile;

/**
 * A saved model scored on a labelled folder: accuracy, per-class precision, recall and F1, the confusion matrix (rows:
 * true class), every image's prediction and the files that could not be used, with the provenance (the model zip's
 * SHA-256 as weights, the folder's fingerprint as data).
 */
public record EvaluationReport(String source, List<String> classes, int examples, double accuracy, List<PerClass> perClass,
                               long[][] confusion, List<Row> predictions, List<SkippedFile> skipped,
                               Provenance provenance) implements Report {
    public static final String CONFUSION = "confusion-matrix.png";
    public static final String PREDICTIONS = "predictions.csv";

    /** One class: precision and recall of the model on it, and how many images of it there were. */
    public record PerClass(String label, double precision, double recall, double f1, int support) {
    }

    /** One image: its true class, the predicted one and its probability. */
    public record Row(String file, String trueLabel, String predicted, double probability) {
    }

    public EvaluationReport {
        classes = List.copyOf(classes);
        perClass = List.copyOf(perClass);
        predictions = List.copyOf(predictions);
        skipped = List.copyOf(skipped);
    }

    @Override
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("# Evaluation\n\n");
        b.append(String.format("- Data: %s, %d images of %d classes; files left out: %d%n", source, examples, classes.size(),
                skipped.size()));
        b.append(String.format("- Accuracy: **%.4f**%n%n", accuracy));
        b.append("## Per class\n\n| class | precision | recall | F1 | images |\n|---|---:|---:|---:|---:|\n");
        perClass.forEach(c -> b.append(String.format("| %s | %.3f | %.3f | %.3f | %d |%n", c.label(), c.precision(), c.recall(),
                c.f1(), c.support())));
        b.append("\n## Confusion matrix (rows: true class)\n\n| |");
        classes.forEach(c -> b.append(' ').append(c).append(" |"));
        b.append("\n|---|").append("---:|".repeat(classes.size())).append('\n');
        for (int i = 0; i < classes.size(); i++) {
            b.append("| ").append(classes.get(i)).append(" |");
            for (long v : confusion[i]) {
                b.append(' ').append(v).append(" |");
            }
            b.append('\n');
        }
        b.append("\n![confusion matrix](").append(CONFUSION).append(")\n\nEvery prediction: `").append(PREDICTIONS).append("`.\n");
        TrainingReportWriter.skipped(b, skipped);
        return b.toString();
    }

    @Override
    public Map<String, Chart<?, ?>> charts() {
        return Map.of(CONFUSION, TrainingReportWriter.confusion(classes, confusion, "evaluation"));
    }

    @Override
    public Map<String, String> files() {
        StringBuilder csv = new StringBuilder("file,true,predicted,probability\n");
        predictions.forEach(r -> csv.append(Csv.field(r.file())).append(',').append(Csv.field(r.trueLabel())).append(',')
                .append(Csv.field(r.predicted())).append(',').append(String.format(java.util.Locale.ROOT, "%.6f", r.probability()))
                .append('\n'));
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREDICTIONS, csv.toString());
        return m;
    }
}
