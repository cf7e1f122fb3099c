package org.transfer4j.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.transfer4j.plan.TrainingListener;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;
import org.transfer4j.report.Charts;

/** Writes a {@link TrainingReport} as Markdown, JSON, a learning-curve PNG and a confusion-matrix PNG. */
public final class TrainingReportWriter {
    public static final String MARKDOWN = ReportWriter.MARKDOWN;
    public static final String JSON = ReportWriter.JSON;
    public static final String CURVE = "learning-curve.png";
    public static final String CONFUSION = "confusion-matrix.png";

    private TrainingReportWriter() {
    }

    public static void writeAll(TrainingReport r, Path dir) throws IOException {
        ReportWriter.write(r, dir);
    }

    /** The learning curve, and the confusion matrix of the test split (else validation) when there is one. */
    static java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts(TrainingReport r) {
        java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> out = new java.util.LinkedHashMap<>();
        out.put(CURVE, curve(r));
        TrainingReport.Scores s = r.test() != null ? r.test() : r.validation();
        if (s != null) { // in-memory data may come without validation and test splits
            out.put(CONFUSION, confusion(r.classes(), s.confusion(), r.test() != null ? "test" : "validation"));
        }
        return out;
    }

    public static String summary(TrainingReport r) {
        return String.format("best epoch %d of %d: %s%s; stopped: %s", r.bestEpoch(), r.history().size(),
                r.validation() == null ? "no validation split (the last epoch is kept)"
                        : String.format("validation accuracy %.4f", r.validation().accuracy()),
                r.test() == null ? "" : String.format(", test accuracy %.4f", r.test().accuracy()), r.stopReason());
    }

    static String markdown(TrainingReport r) {
        StringBuilder b = new StringBuilder("# Fine-tuning report\n\n");
        b.append("- Base: `").append(r.plan().base()).append("` (weights SHA-256 `").append(r.baseWeightsSha256()).append("`)\n");
        b.append("- Strategy: ").append(r.plan().strategy()).append('\n');
        b.append("- BatchNorm policy: ").append(r.plan().batchNorm()).append('\n');
        b.append("- Head: ").append(r.plan().head()).append("; optimiser: ").append(r.plan().optimizer()).append('\n');
        TrainingReport.Data d = r.data();
        b.append(String.format("- Data: %s, %d classes; train %d, validation %d, test %d; unusable files left out: %d%s%n",
                d.source(), r.classes().size(), d.train(), d.validation(), d.test(), d.skipped().size(),
                d.skipped().isEmpty() ? "" : " (listed at the end)"));
        if (r.featurize() != null) {
            b.append(String.format("- Frozen part featurized once: %s in %.1f s (cache key `%s`)%n",
                    r.featurize().cacheHit() ? "read from the cache" : "computed and cached", r.featurize().seconds(),
                    r.featurize().key()));
        }
        if (r.adaptation() != null) {
            TrainingReport.Adapted a = r.adaptation();
            b.append(String.format("- Domain adaptation: %s to %s (%d unlabelled target images, %d left out), %d fixed steps,"
                    + " the final model kept; validation and test scores are the source domain's%n", a.method(), a.targetFrom(),
                    a.targetImages(), a.skippedTargets().size(), a.steps()));
            if (a.targetScores() != null) {
                b.append(String.format("- Target accuracy: %.4f on %d labelled target images (%s)%n", a.targetScores().accuracy(),
                        a.targetScores().examples(), a.evaluatedOn()));
            }
        }
        if (r.resumedAtEpoch() > 0) {
            b.append("- Resumed from the checkpoint after epoch ").append(r.resumedAtEpoch()).append('\n');
        }
        b.append(String.format("- Result: %s. Wall time %.1f s.%n", summary(r), r.seconds()));
        b.append("- Model: `").append(r.modelFile()).append("` with `").append(ModelExport.MANIFEST).append("`\n\n");
        b.append("## Epochs\n\n| epoch | trained blocks | steps | train loss | val accuracy | val loss | seconds |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TrainingListener.EpochInfo e : r.history()) {
            b.append(String.format("| %d%s | %s | %d | %.4f | %.4f | %.4f | %.1f |%n", e.epoch(), e.epoch() == r.bestEpoch() ? " (best)" : "",
                    trainedBlocks(r.plan().strategy(), e.unfrozenBlocks()), e.steps(), e.trainLoss(),
                    e.validationAccuracy(), e.validationLoss(), e.seconds()));
        }
        b.append("\n![learning curve](").append(CURVE).append(")\n\n");
        TrainingReport.Scores s = r.test() != null ? r.test() : r.validation();
        if (s == null) {
            b.append("No validation or test split: nothing was evaluated.\n");
            skipped(b, r.data().skipped());
            return b.toString();
        }
        b.append("## Confusion matrix (").append(r.test() != null ? "test" : "validation").append(", best model; rows: true class)\n\n| |");
        r.classes().forEach(c -> b.append(' ').append(c).append(" |"));
        b.append("\n|---|").append("---:|".repeat(r.classes().size())).append('\n');
        for (int i = 0; i < r.classes().size(); i++) {
            b.append("| ").append(r.classes().get(i)).append(" |");
            for (long v : s.confusion()[i]) {
                b.append(' ').append(v).append(" |");
            }
            b.append('\n');
        }
        b.append("\n![confusion matrix](").append(CONFUSION).append(")\n");
        skipped(b, r.data().skipped());
        return b.toString();
    }

    /**
     * The "trained blocks" cell: a gradual strategy's blocks of the epoch; otherwise what the strategy trains throughout
     * (0 for the head alone, n for the last n blocks, "all" for a whole network, "file" for the file's own freezing).
     */
    static String trainedBlocks(org.transfer4j.plan.Strategy s, int unfrozen) {
        if (unfrozen >= 0) {
            return Integer.toString(unfrozen);
        }
        if (s instanceof org.transfer4j.plan.Strategy.LastBlocks l) {
            return Integer.toString(l.blocks());
        }
        if (s instanceof org.transfer4j.plan.Strategy.FeatureExtraction) {
            return "0";
        }
        return s instanceof org.transfer4j.plan.Strategy.KeepFileFreezing ? "file" : "all";
    }

    /** The files left out, each with its reason. */
    static void skipped(StringBuilder b, List<org.transfer4j.data.image.SkippedFile> files) {
        if (files.isEmpty()) {
            return;
        }
        b.append("\n## Files left out (").append(files.size()).append(")\n\n| file | reason |\n|---|---|\n");
        files.forEach(f -> b.append("| `").append(f.file()).append("` | ").append(f.reason().replace("|", "\\|")).append(" |\n"));
    }

    static XYChart curve(TrainingReport r) {
        XYChart c = new XYChartBuilder().width(800).height(480).title("Learning curve").xAxisTitle("epoch").build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        // Below the plot: inside, the legend covered the last epochs' points.
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<Integer> x = r.history().stream().map(TrainingListener.EpochInfo::epoch).toList();
        c.addSeries("train loss", x, r.history().stream().map(TrainingListener.EpochInfo::trainLoss).toList()).setYAxisGroup(0);
        c.addSeries("validation loss", x, r.history().stream().map(TrainingListener.EpochInfo::validationLoss).toList()).setYAxisGroup(0);
        c.addSeries("validation accuracy", x, r.history().stream().map(TrainingListener.EpochInfo::validationAccuracy).toList())
                .setYAxisGroup(1);
        c.setYAxisGroupTitle(0, "loss");
        c.setYAxisGroupTitle(1, "accuracy");
        return c;
    }

    static HeatMapChart confusion(List<String> classes, long[][] m, String split) {
        HeatMapChart c = new HeatMapChartBuilder().width(640).height(560).title("Confusion matrix (" + split + ")")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setShowValue(true);
        // Zero is white and the largest count dark: xchart's default palette saturated the empty cells.
        c.getStyler().setRangeColors(new java.awt.Color[] {java.awt.Color.WHITE, new java.awt.Color(0x9E, 0xCA, 0xE1),
                new java.awt.Color(0x21, 0x66, 0xAC)});
        c.getStyler().setMin(0);
        c.getStyler().setMax(java.util.Arrays.stream(m).flatMapToLong(java.util.Arrays::stream).max().orElse(1));
        c.getStyler().setLegendVisible(false);
        // Class names on the x axis would overlap side by side.
        c.getStyler().setXAxisLabelRotation(45);
        List<Number[]> cells = new java.util.ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                // Row 0 at the top: HeatMapChart draws y upwards.
                cells.add(new Number[] {j, m.length - 1 - i, m[i][j]});
            }
        }
        List<String> up = new java.util.ArrayList<>(classes);
        java.util.Collections.reverse(up);
        c.addSeries("counts", classes, up, cells);
        return c;
    }
}
