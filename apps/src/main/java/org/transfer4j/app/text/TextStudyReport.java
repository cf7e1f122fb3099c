package org.transfer4j.app.text;

import java.util.List;
import java.util.Map;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.transfer4j.report.Provenance;

/** The text study's result: every run, and per K and method the mean and sd of test accuracy over seeds. */
public record TextStudyReport(Map<String, Object> options, String task, List<String> classes, int testTexts, List<Run> runs,
                              List<Cell> cells, List<Verdict> verdicts, double seconds, Provenance provenance)
        implements org.transfer4j.report.Report {
    public static final String CHART = "test-accuracy.png";

    /** One method at one K with one seed. */
    public record Run(int k, String method, long seed, double testAccuracy, double seconds) {
    }

    /** One method at one K over the seeds. */
    public record Cell(int k, String method, double mean, double sd, List<Double> accuracies) {
    }

    /** Per K: does the pretrained encoder beat the bag of words by more than the seeds' spread? */
    public record Verdict(int k, double bestPretrained, double bagOfWords, double margin, double spread, boolean clear) {
    }

    @Override
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("# Text classification with a pretrained encoder\n\n");
        b.append("Task: ").append(task).append(" (").append(classes.size()).append(" classes: ")
                .append(String.join(", ", classes)).append("); ").append(testTexts)
                .append(" held-out test texts, the same for every run. Each run trains on K texts a class drawn with its"
                        + " seed; fixed epochs, the final model (no validation texts: K-shot data has none to spare).\n\n");
        b.append(table()).append('\n');
        for (Verdict v : verdicts) {
            b.append(String.format("K = %d: best pretrained %.4f against naive Bayes %.4f, margin %.4f, seeds' spread %.4f:"
                    + " %s.%n", v.k(), v.bestPretrained(), v.bagOfWords(), v.margin(), v.spread(),
                    v.clear() ? "the encoder wins by more than the spread" : "not by more than the spread"));
        }
        b.append("\n![test accuracy](").append(CHART).append(")\n\n## Runs\n\n| K | method | seed | test accuracy | seconds |\n"
                + "|---:|---|---:|---:|---:|\n");
        for (Run r : runs) {
            b.append(String.format("| %d | %s | %d | %.4f | %.1f |%n", r.k(), r.method(), r.seed(), r.testAccuracy(), r.seconds()));
        }
        b.append(String.format("%nTotal: %.0f s.%n", seconds));
        return b.toString();
    }

    /** Test accuracy per method (rows) and K (columns): mean and sd over seeds. */
    public String table() {
        List<Integer> ks = cells.stream().map(Cell::k).distinct().toList();
        List<String> methods = cells.stream().map(Cell::method).distinct().toList();
        StringBuilder b = new StringBuilder("| method |");
        ks.forEach(k -> b.append(" K = ").append(k).append(" |"));
        b.append("\n|---|").append("---:|".repeat(ks.size())).append('\n');
        for (String m : methods) {
            b.append("| ").append(m).append(" |");
            for (int k : ks) {
                Cell c = cells.stream().filter(x -> x.k() == k && x.method().equals(m)).findFirst().orElse(null);
                b.append(c == null ? " - |" : String.format(" %.4f (sd %.4f) |", c.mean(), c.sd()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    @Override
    public Map<String, Chart<?, ?>> charts() {
        CategoryChart c = new CategoryChartBuilder().width(900).height(480).title("Test accuracy (mean over seeds)")
                .xAxisTitle("training texts per class").yAxisTitle("accuracy").build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<Integer> ks = cells.stream().map(Cell::k).distinct().toList();
        for (String m : cells.stream().map(Cell::method).distinct().toList()) {
            List<Cell> mine = ks.stream().map(k -> cells.stream().filter(x -> x.k() == k && x.method().equals(m))
                    .findFirst().orElse(null)).toList();
            if (mine.stream().noneMatch(java.util.Objects::isNull)) {
                c.addSeries(m, ks.stream().map(k -> "K = " + k).toList(), mine.stream().map(x -> (Number) x.mean()).toList(),
                        mine.stream().map(x -> (Number) x.sd()).toList());
            }
        }
        return Map.of(CHART, c);
    }
}
