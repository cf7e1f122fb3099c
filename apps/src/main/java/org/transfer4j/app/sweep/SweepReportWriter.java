package org.transfer4j.app.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;
import org.transfer4j.report.Charts;

/** Writes the sweep's leaderboard as Markdown, CSV and JSON, and two PNG charts. */
public final class SweepReportWriter {
    public static final String MARKDOWN = "leaderboard.md";
    public static final String CSV = "leaderboard.csv";
    public static final String JSON = "leaderboard.json";
    public static final String BY_CANDIDATE = "score-by-candidate.png";
    public static final String BY_PARAMETER = "score-by-parameter.png";

    private SweepReportWriter() {
    }

    public static void writeAll(SweepReport r, Path dir) throws IOException {
        org.transfer4j.report.ReportWriter.write(r, dir);
    }

    /** Scores by candidate, and by the most influential parameter when there is one. */
    static java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts(SweepReport r) {
        java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> out = new java.util.LinkedHashMap<>();
        out.put(BY_CANDIDATE, byCandidate(r));
        if (r.mostInfluential() != null) {
            out.put(BY_PARAMETER, byParameter(r));
        }
        return out;
    }

    private static String value(Object v) {
        return v instanceof Double d ? String.format("%.3g", d) : String.valueOf(v);
    }

    public static String table(SweepReport r, int rows) {
        List<String> params = SpaceSpec.NAMES.stream().filter(p -> r.leaderboard().stream().anyMatch(e -> e.parameters() != null
                && e.parameters().containsKey(p))).toList();
        StringBuilder b = new StringBuilder("| rank | candidate | status | val accuracy | test accuracy | epochs |");
        params.forEach(p -> b.append(' ').append(p).append(" |"));
        b.append("\n|---:|---:|---|---:|---:|---:|").append("---|".repeat(params.size())).append('\n');
        int rank = 0;
        for (Journal.Entry e : r.leaderboard().subList(0, Math.min(rows, r.leaderboard().size()))) {
            b.append(String.format("| %d | %d | %s | %s | %s | %d |", ++rank, e.index(), e.status(),
                    e.score() == null ? "-" : String.format("%.4f", e.score()),
                    e.testAccuracy() == null ? "-" : String.format("%.4f", e.testAccuracy()), e.epochs()));
            params.forEach(p -> b.append(' ').append(value(e.parameters().get(p))).append(" |"));
            b.append('\n');
        }
        return b.toString();
    }

    static String csv(SweepReport r) {
        List<String> params = SpaceSpec.NAMES;
        StringBuilder b = new StringBuilder("rank,candidate,status,validation_accuracy,test_accuracy,epochs,seconds,"
                + String.join(",", params) + "\n");
        int rank = 0;
        for (Journal.Entry e : r.leaderboard()) {
            b.append(++rank).append(',').append(e.index()).append(',').append(e.status()).append(',')
                    .append(e.score() == null ? "" : e.score()).append(',').append(e.testAccuracy() == null ? "" : e.testAccuracy())
                    .append(',').append(e.epochs()).append(',').append(String.format("%.1f", e.seconds()));
            for (String p : params) {
                Object v = e.parameters() == null ? null : e.parameters().get(p);
                b.append(',').append(v == null ? "" : v);
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String markdown(SweepReport r) {
        SweepReport.Manifest m = r.manifest();
        StringBuilder b = new StringBuilder("# Sweep leaderboard\n\n");
        b.append(String.format("Generator %s (seed %d), %d candidates, %s; %d epochs trained in all, %.1f s.%n%n", m.generator(),
                m.seed(), r.leaderboard().size(), m.pruning() ? String.format("successive halving from epoch %d, eta %d",
                        m.rungEpochs(), m.eta()) : "no pruning", r.epochsTrained(), r.seconds()));
        if (r.best() != null) {
            b.append(String.format("Best: candidate %d, validation accuracy %.4f%s; its model is in `best-model/`.%n%n",
                    r.best().index(), r.best().score(), r.best().testAccuracy() == null ? ""
                            : String.format(", test accuracy %.4f", r.best().testAccuracy())));
        }
        b.append(table(r, r.leaderboard().size())).append('\n');
        long failed = r.leaderboard().stream().filter(e -> Journal.Entry.FAILED.equals(e.status())).count();
        if (failed > 0) {
            b.append(failed).append(" candidate(s) failed; their stack traces are in `").append(Journal.FILE).append("`.\n\n");
        }
        b.append("![score by candidate](").append(BY_CANDIDATE).append(")\n\n");
        if (r.mostInfluential() != null) {
            b.append(String.format("Most influential parameter: `%s` (|Spearman rho| = %.2f with the validation score).%n%n",
                    r.mostInfluential(), r.influence()));
            b.append("![score by parameter](").append(BY_PARAMETER).append(")\n");
        }
        return b.toString();
    }

    static XYChart byCandidate(SweepReport r) {
        XYChart c = new XYChartBuilder().width(800).height(480).title("Validation accuracy by candidate")
                .xAxisTitle("candidate").yAxisTitle("validation accuracy").build();
        style(c);
        for (String status : List.of(Journal.Entry.COMPLETE, Journal.Entry.PRUNED)) {
            List<Journal.Entry> es = r.leaderboard().stream().filter(e -> status.equals(e.status()) && e.score() != null).toList();
            if (!es.isEmpty()) {
                c.addSeries(status, es.stream().map(e -> (double) e.index()).toList(), es.stream().map(Journal.Entry::score).toList());
            }
        }
        return c;
    }

    static XYChart byParameter(SweepReport r) {
        String p = r.mostInfluential();
        List<Journal.Entry> scored = r.leaderboard().stream().filter(e -> e.score() != null).toList();
        double[] x = Influence.numeric(scored, p);
        boolean categorical = scored.stream().anyMatch(e -> !(e.parameters().get(p) instanceof Number));
        // Categories are plotted at their codes (Influence.numeric: sorted as text); the axis title says which is which.
        List<String> cats = scored.stream().map(e -> String.valueOf(e.parameters().get(p))).distinct().sorted().toList();
        String axis = !categorical ? p : p + " (" + java.util.stream.IntStream.range(0, cats.size())
                .mapToObj(k -> k + " = " + cats.get(k)).collect(java.util.stream.Collectors.joining(", ")) + ")";
        XYChart c = new XYChartBuilder().width(800).height(480).title("Validation accuracy against " + p).xAxisTitle(axis)
                .yAxisTitle("validation accuracy").build();
        style(c);
        boolean log = scored.stream().allMatch(e -> e.parameters().get(p) instanceof Double d && d > 0);
        c.getStyler().setXAxisLogarithmic(log);
        c.addSeries("candidates", java.util.Arrays.stream(x).boxed().toList(), scored.stream().map(Journal.Entry::score).toList());
        return c;
    }

    private static void style(XYChart c) {
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setMarkerSize(9);
    }

}
