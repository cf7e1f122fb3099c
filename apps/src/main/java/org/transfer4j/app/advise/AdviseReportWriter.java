package org.transfer4j.app.advise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.transfer4j.advise.Advise;
import org.transfer4j.advise.StrategyAdvice;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;

/**
 * {@code advise.md} (recommendation and tables), {@code advise.json}, {@code advise.png} (LogME per candidate and
 * cut) and, when strategies were probed, {@code learning-curves.png}.
 */
public final class AdviseReportWriter {
    public static final String MARKDOWN = "advise.md";
    public static final String JSON = "advise.json";
    public static final String CHART = "advise.png";
    public static final String CURVES = "learning-curves.png";

    private AdviseReportWriter() {
    }

    public static void writeAll(AdviseReport r, Path dir) throws IOException {
        org.transfer4j.report.ReportWriter.write(r, dir);
    }

    /** The scores' chart when there are scores, the probes' learning curves when strategies were probed. */
    static java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts(AdviseReport r) {
        java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> out = new java.util.LinkedHashMap<>();
        if (!r.scores().isEmpty()) {
            out.put(CHART, chart(r));
        }
        if (r.strategy() != null && !r.strategy().curves().isEmpty()) {
            out.put(CURVES, LearningCurveChart.of(r.strategy()));
        }
        return out;
    }

    public static String markdown(AdviseReport r) {
        StringBuilder sb = new StringBuilder("# Which backbone, cut and strategy to start with\n\n");
        sb.append(r.recommendation()).append("\n\n");
        sb.append(new Advise.Ranking(r.scores(), r.failures()).table()).append('\n');
        sb.append(String.format("%nData: %s, %d sampled training images per candidate; %.1f s.%n", r.data(), r.examples(), r.seconds()));
        sb.append("\nLogME (You et al., 2021) is the log evidence per example of a Bayesian linear model on the"
                + " globally pooled features: higher means the labels are easier to read off them linearly. Random"
                + " controls are the same networks with fresh weights; a pretrained backbone should beat its own."
                + " The probe accuracy is the leave-one-out accuracy of a ridge classifier on the same features (exact in"
                + " closed form, no training): the second opinion, and the guide to where to cut.\n");
        if (!r.scores().isEmpty()) {
            sb.append("\n![LogME per candidate and cut](").append(CHART).append(")\n");
        }
        if (r.strategy() != null) {
            strategy(sb, r.strategy());
        }
        return sb.toString();
    }

    private static void strategy(StringBuilder sb, StrategyAdvice a) {
        sb.append(String.format("%n## Which strategy: probes on %s%n%n", a.base()));
        sb.append(a.recommendation().text()).append("\n\n");
        sb.append(String.format("Expected accuracies are the learning curves (error = a n^-exponent, least squares in log-log"
                + " over the probes at the base rate) at all %d training examples, with the standard error of one run there"
                + " (least squares' prediction interval, never below the validation set's binomial noise). The recommendation"
                + " is the cheapest strategy whose expected accuracy is within the combined binomial error of the largest"
                + " probes of the best one. Every probe is measured on the same %d validation images; the test split is not"
                + " read. Expected seconds come from the probes' measured fixed and per-step times. Budget %.0f s; the probes"
                + " took %.1f s.%n%n",
                a.trainExamples(), a.probeValidation(), a.budgetSeconds(), a.seconds()));
        sb.append(a.curveTable()).append('\n').append(a.probeTable());
        sb.append("\n![validation accuracy against training examples](").append(CURVES).append(")\n");
    }

    static CategoryChart chart(AdviseReport r) {
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(520).title("LogME per candidate and cut (higher is better)")
                .xAxisTitle("candidate / cut").yAxisTitle("LogME").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(30);
        List<String> labels = new ArrayList<>();
        List<Double> pretrained = new ArrayList<>();
        List<Double> random = new ArrayList<>();
        for (Advise.Score s : r.scores()) {
            String label = s.candidate() + " / " + s.cut();
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        for (String label : labels) {
            pretrained.add(value(r, label, false));
            random.add(value(r, label, true));
        }
        chart.addSeries("pretrained", labels, pretrained);
        if (random.stream().anyMatch(v -> v != 0)) {
            chart.addSeries("random weights (control)", labels, random);
        }
        return chart;
    }

    private static double value(AdviseReport r, String label, boolean control) {
        return r.scores().stream().filter(s -> s.randomControl() == control && label.equals(s.candidate() + " / " + s.cut()))
                .mapToDouble(Advise.Score::logMe).findFirst().orElse(0);
    }
}
