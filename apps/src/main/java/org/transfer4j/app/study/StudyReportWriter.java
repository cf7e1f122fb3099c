package org.transfer4j.app.study;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;

/** Writes the study as {@value #MARKDOWN}, {@value #CHART} and {@value #JSON}, each atomically. */
public final class StudyReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String CHART = "accuracy-vs-k.png";
    public static final String JSON = "report.json";

    private StudyReportWriter() {
    }

    public static void writeAll(StudyReport report, Path dir) throws IOException {
        org.transfer4j.report.ReportWriter.write(report, dir);
    }

    public static String markdownTable(StudyReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("| K | strategy | mean accuracy | sd | min | max | mean wall time (s) |\n");
        sb.append("|---:|---|---:|---:|---:|---:|---:|\n");
        for (StudyReport.Cell c : r.cells()) {
            sb.append(String.format("| %d | %s | %.4f | %.4f | %.4f | %.4f | %.1f |%n", c.k(), c.strategy().label(),
                    c.mean(), c.sd(), c.min(), c.max(), c.meanSeconds()));
        }
        return sb.toString();
    }

    public static String markdown(StudyReport r) {
        StringBuilder sb = new StringBuilder("# Fashion-MNIST transfer study\n\n");
        var o = r.options();
        sb.append(String.format("Source: LeNet pretrained on classes %s (%s epochs, batch %s, Adam %s, l2 %s, seed %s). "
                        + "Target: classes %s, K labelled images per class, seeds %s, evaluated on %s.%n%n",
                o.get("sourceClasses"), o.get("sourceEpochs"), o.get("batchSize"), o.get("learningRate"), o.get("l2"),
                o.get("sourceSeed"), o.get("targetClasses"), o.get("seeds"),
                ((Number) o.get("testLimit")).intValue() > 0 ? "the first " + o.get("testLimit") + " target test images"
                        : "every target test image"));
        StudyReport.Source s = r.source();
        sb.append(String.format("Source model: test accuracy on the source classes %.4f; %s (%.1f s, %.0f images/s); "
                        + "SHA-256 `%s`.%n%n", s.testAccuracy(), s.reused() ? "reused from an earlier run, trained in"
                        : "pretrained in this run", s.trainSeconds(), s.imagesPerSecond(), s.sha256()));
        sb.append("## Target accuracy\n\n").append(markdownTable(r)).append('\n');
        sb.append("Wall time is per run: loading the source model, training and evaluation; feature extraction includes"
                + " featurizing its training and test images (the library's featurize cache).\n\n");
        sb.append("![accuracy against K](").append(CHART).append(")\n\n## Which strategy wins\n\n");
        for (StudyReport.Verdict v : r.verdicts()) {
            sb.append("- ").append(v.sentence()).append('\n');
        }
        sb.append("\n## Runs\n\n| strategy | K | seed | accuracy | epochs | steps | seconds |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (StudyReport.Run run : r.runs()) {
            sb.append(String.format("| %s | %d | %d | %.4f | %d | %d | %.1f |%n", run.strategy().label(), run.k(),
                    run.seed(), run.accuracy(), run.epochs(), run.steps(), run.seconds()));
        }
        sb.append(String.format("%nTotal wall time %.1f s.%n", r.totalSeconds()));
        return sb.toString();
    }

    static XYChart chart(StudyReport r) {
        XYChart chart = new XYChartBuilder().width(800).height(520).title("Target accuracy against K (mean ± sd over seeds)")
                .xAxisTitle("labelled images per class (K, log scale)").yAxisTitle("target test accuracy").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        for (StudyArm s : StudyArm.values()) {
            List<StudyReport.Cell> cells = r.cells().stream().filter(c -> c.strategy() == s).toList();
            if (cells.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(s.label(), cells.stream().mapToDouble(StudyReport.Cell::k).toArray(),
                    cells.stream().mapToDouble(StudyReport.Cell::mean).toArray(),
                    cells.stream().mapToDouble(StudyReport.Cell::sd).toArray());
            series.setLineStyle(new BasicStroke(2f));
        }
        return chart;
    }
}
