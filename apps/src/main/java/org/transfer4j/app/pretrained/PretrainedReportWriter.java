package org.transfer4j.app.pretrained;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;

/** Writes the pretrained study as {@value #MARKDOWN}, {@value #CHART} and {@value #JSON}, each atomically. */
public final class PretrainedReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String CHART = "accuracy-vs-k.png";
    public static final String JSON = "report.json";

    private PretrainedReportWriter() {
    }

    public static void writeAll(PretrainedReport report, Path dir) throws IOException {
        org.transfer4j.report.ReportWriter.write(report, dir);
    }

    public static String table(PretrainedReport r) {
        StringBuilder sb = new StringBuilder("| K | method | mean accuracy | sd | min | max | mean wall time (s) |\n"
                + "|---:|---|---:|---:|---:|---:|---:|\n");
        for (PretrainedReport.Cell c : r.cells()) {
            sb.append(String.format("| %d | %s | %.4f | %.4f | %.4f | %.4f | %.1f |%n", c.k(), c.method(), c.mean(), c.sd(),
                    c.min(), c.max(), c.meanSeconds()));
        }
        return sb.toString();
    }

    public static String markdown(PretrainedReport r) {
        Map<String, Object> o = r.options();
        PretrainedReport.Backbone b = r.backbone();
        StringBuilder sb = new StringBuilder("# Pretrained backbone on Fashion-MNIST\n\n");
        sb.append(String.format("Backbone `%s` (weights SHA-256 `%s`). %s%n%n", b.id(), b.sha256(), b.provenance()));
        sb.append(String.format("Target: Fashion-MNIST's 10 classes, K labelled training images per class (K = %s), seeds %s, "
                        + "evaluated on %s. The 28 x 28 grey images are resized bilinearly to %s x %s and copied to the three "
                        + "colour channels, scaled as the catalogue entry says. Every method trains %s epochs or %s steps, "
                        + "whichever is more (the linear heads on pixels and on features at least %s steps, to converge), "
                        + "batch %s, Adam %s (backbone blocks %s), L2 %s on new layers.%n%n",
                o.get("kValues"), o.get("seeds"), ((Number) o.get("testLimit")).intValue() > 0
                        ? "the first " + o.get("testLimit") + " test images" : "all 10,000 test images",
                o.get("size"), o.get("size"), o.get("minEpochs"), o.get("minSteps"),
                o.getOrDefault("linearMinSteps", o.get("minSteps")), o.get("batchSize"), o.get("learningRate"),
                o.get("backboneLearningRate"), o.get("l2")));
        sb.append("Methods: a linear model on the raw pixels (the floor); the study's LeNet trained from scratch on the 28 x 28 "
                + "images (no transfer); feature extraction at each cut (its activations globally average-pooled and standardised with the training sample's mean and deviation, a new softmax "
                + "layer on top); fine-tuning the blocks above `" + b.stageCuts().get(b.stageCuts().size() - 1) + "` with a new "
                + "pooled softmax head; gradual unfreezing of the same blocks, head first, then one block more per stage at "
                + String.join(", ", b.stageCuts()) + ". The frozen part ran once for all methods: " + r.featurize().images()
                + String.format(" images in %.1f s (%s).%n%n", r.featurize().seconds(),
                r.featurize().cacheHit() ? "read from the featurize cache" : "computed and cached"));
        sb.append("The default input size, K values and test subset keep this run within 10 minutes on 2 cores; the full "
                + "protocol is `--size 224 --k 10,100,1000 --test-limit 0`.\n\n");
        sb.append("## Test accuracy\n\n").append(table(r)).append('\n');
        sb.append("![accuracy against K](").append(CHART).append(")\n\n## What the numbers say\n\n");
        for (PretrainedReport.Verdict v : r.verdicts()) {
            sb.append("- ").append(v.sentence()).append('\n');
        }
        sb.append("\n## LogME and a linear probe: ranking the cuts before training\n\n"
                + "LogME (You et al., ICML 2021) of each cut's pooled features on each K-shot sample, and the leave-one-out "
                + "accuracy of a ridge probe on the same features (closed form, no training), means over seeds, beside "
                + "feature extraction's test accuracy at that cut with the study's trained softmax head and with the "
                + "ridge classifier itself (fitted in closed form on the sample, standardised features).\n\n"
                + "| K | cut | LogME | probe accuracy (leave-one-out) | feature extraction, trained head | feature extraction,"
                + " ridge head |\n|---:|---|---:|---:|---:|---:|\n");
        for (int k : r.cutRankings().stream().map(PretrainedReport.CutRanking::k).toList()) {
            for (String cut : b.featureCuts()) {
                double score = r.logMe().stream().filter(s -> s.k() == k && s.cut().equals(cut))
                        .mapToDouble(PretrainedReport.CutScore::logMe).average().orElse(Double.NaN);
                double probe = r.logMe().stream().filter(s -> s.k() == k && s.cut().equals(cut))
                        .mapToDouble(PretrainedReport.CutScore::probeAccuracy).average().orElse(Double.NaN);
                double ridge = r.logMe().stream().filter(s -> s.k() == k && s.cut().equals(cut))
                        .mapToDouble(PretrainedReport.CutScore::ridgeTestAccuracy).average().orElse(Double.NaN);
                String label = Method.featureExtraction(cut).label();
                double acc = r.cells().stream().filter(c -> c.k() == k && c.method().equals(label))
                        .mapToDouble(PretrainedReport.Cell::mean).findFirst().orElse(Double.NaN);
                sb.append(String.format("| %d | %s | %.4f | %.4f | %.4f | %.4f |%n", k, cut, score, probe, acc, ridge));
            }
        }
        sb.append('\n');
        for (PretrainedReport.CutRanking c : r.cutRankings()) {
            sb.append("- ").append(c.sentence()).append('\n');
        }
        sb.append("\n## Runs\n\n| method | K | seed | accuracy | epochs | steps | seconds |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (PretrainedRun.Outcome run : r.runs()) {
            sb.append(String.format("| %s | %d | %d | %.4f | %d | %d | %.1f |%n", run.method().label(), run.k(), run.seed(),
                    run.accuracy(), run.epochs(), run.steps(), run.seconds()));
        }
        sb.append(String.format("%nTotal wall time %.1f s.%n", r.totalSeconds()));
        return sb.toString();
    }

    static XYChart chart(PretrainedReport r) {
        XYChart chart = new XYChartBuilder().width(1150).height(560)
                .title("Fashion-MNIST test accuracy against K (mean ± sd over seeds)")
                .xAxisTitle("labelled images per class (K, log scale)").yAxisTitle("test accuracy").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        for (String m : r.cells().stream().map(PretrainedReport.Cell::method).distinct().toList()) {
            List<PretrainedReport.Cell> cells = r.cells().stream().filter(c -> c.method().equals(m)).toList();
            XYSeries s = chart.addSeries(m, cells.stream().mapToDouble(PretrainedReport.Cell::k).toArray(),
                    cells.stream().mapToDouble(PretrainedReport.Cell::mean).toArray(),
                    cells.stream().mapToDouble(PretrainedReport.Cell::sd).toArray());
            s.setLineStyle(new BasicStroke(cells.get(0).transfers() ? 2f : 1f));
        }
        return chart;
    }
}
