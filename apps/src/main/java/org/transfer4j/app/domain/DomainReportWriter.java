package org.transfer4j.app.domain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.transfer4j.plan.DomainMethod;

/** Writes the domain-adaptation study as Markdown, a bar chart (PNG) and JSON. */
public final class DomainReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String JSON = "report.json";
    public static final String CHART = "target-accuracy.png";

    private DomainReportWriter() {
    }

    public static void writeAll(DomainReport r, Path dir) throws IOException {
        org.transfer4j.report.ReportWriter.write(r, dir);
    }

    /** One table per shift: target accuracy (mean, sd over seeds), gap recovered, source accuracy; then the verdicts. */
    public static String table(DomainReport r) {
        StringBuilder b = new StringBuilder();
        for (DomainReport.Shift s : r.shifts()) {
            b.append("Shift ").append(s.shift()).append(" (").append(s.description()).append("): ")
                    .append(s.accepted() ? "accepted" : "not accepted, " + s.reason()).append('\n');
            b.append("| method | target accuracy (mean) | sd | gap recovered | source accuracy |\n|---|---:|---:|---:|---:|\n");
            for (DomainReport.Cell c : r.cells()) {
                if (c.shift().equals(s.shift())) {
                    b.append(String.format("| %s | %.4f | %.4f | %s | %.4f |%n", c.method().label(), c.mean(), c.sd(),
                            Double.isNaN(c.gapRecovered()) ? "-" : String.format("%.1f%%", 100 * c.gapRecovered()),
                            c.sourceMean()));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Per method, the share of the gap recovered on each shift: the study's summary. */
    static String summary(DomainReport r) {
        List<String> shifts = r.shifts().stream().map(DomainReport.Shift::shift).toList();
        StringBuilder b = new StringBuilder("| method |");
        shifts.forEach(s -> b.append(' ').append(s).append(" |"));
        b.append("\n|---|").append("---:|".repeat(shifts.size())).append('\n');
        for (DomainMethod m : DomainMethod.values()) {
            if (DomainReport.isBaseline(m) || r.cells().stream().noneMatch(c -> c.method() == m)) {
                continue;
            }
            b.append("| ").append(m.label()).append(" |");
            for (String s : shifts) {
                DomainReport.Cell c = DomainReport.find(r.cells(), s, m);
                b.append(c == null ? " - |" : String.format(" %.1f%% |", 100 * c.gapRecovered()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String markdown(DomainReport r) {
        boolean pretrained = "pretrained".equals(r.track());
        StringBuilder b = new StringBuilder(pretrained ? "# Domain adaptation on shifted Fashion-MNIST: the pretrained track\n\n"
                : "# Domain adaptation on shifted Fashion-MNIST\n\n");
        if (pretrained) {
            b.append("nsfwjs' ImageNet MobileNetV2 (`" + PretrainedDomainTrack.BASE + "`), frozen at its feature vertex, reads"
                    + " the images at 96 x 96 (written as PNG files and read by the library's pipeline); its activations are"
                    + " cached by the featurize cache. Every method trains the same MLP head (256 hidden units) on them for the"
                    + " same fixed steps through `Transfer.adapt(...)`; the oracle trains that head on the labelled target"
                    + " images. AdaBN recomputes the backbone's own BatchNorm statistics (and the head's standardisation)"
                    + " on the unlabelled target images.\n\n");
        }
        if ("dev".equals(r.evaluatedOn())) {
            b.append("**Development run**: target accuracy is measured on a labelled development split of the training"
                    + " file (rows 50,000 to 59,999) under the shift seed given, not on the test file: figures for choosing"
                    + " settings, not results.\n\n");
        }
        b.append("Source: Fashion-MNIST, labelled. Target: the same garments under each shift (ShiftedDomain, texture seed ")
                .append(r.options().get("shiftSeed")).append("), training images without labels. Source and target"
                + " training images are disjoint halves of the training file. Target accuracy on the shifted ")
                .append("dev".equals(r.evaluatedOn()) ? "development" : "test").append(" images; source accuracy on the"
                + " unshifted test images.\n\n");
        b.append("**Protocol.** Every method trains for the same fixed number of steps with the same network, optimiser"
                + " (Adam, rate annealed as mu0 / (1 + 10 p)^0.75) and batches, and the final model is evaluated: no"
                + " early stopping, no model selection. Each method's settings come from its paper or reference code, or"
                + " were chosen on a development shift (another texture seed, labels from the training file); none was"
                + " chosen by accuracy on the evaluated target labels. A shift counts only if the oracle stays within 5"
                + " points of clean accuracy and beats source only by at least 15 points.\n\n");
        b.append("## Share of the gap recovered\n\n").append(summary(r)).append('\n');
        b.append(String.format("**The bar**: at least %d methods recover at least %.0f%% of the gap on each of at least %d"
                + " accepted shifts, DANN among them on one of those shifts.%n%n", DomainReport.BAR_COUNT,
                100 * DomainReport.BAR_SHARE, DomainReport.BAR_COUNT));
        r.bar().lines().forEach(l -> b.append("- ").append(l).append('\n'));
        b.append('\n');
        b.append("## Per shift\n\n").append(table(r));
        b.append("\"Gap recovered\" is the mean over seeds of (method - source only) / (oracle - source only), each with the"
                + " same seed's baselines on the same shift. AdaBN is the source-only network with its BatchNorm statistics"
                + " recomputed on the unlabelled target images.\n\n");
        b.append("![target accuracy](").append(CHART).append(")\n\n## Runs\n\n"
                + "| shift | method | seed | target accuracy | source accuracy | seconds |\n|---|---|---:|---:|---:|---:|\n");
        for (DomainReport.Run run : r.runs()) {
            b.append(String.format("| %s | %s | %d | %.4f | %.4f | %.1f |%n", run.shift(), run.method().label(), run.seed(),
                    run.targetAccuracy(), run.sourceAccuracy(), run.seconds()));
        }
        b.append(String.format("%nOptions: %s.%n%nTotal wall time %.1f s.%n", r.options(), r.seconds()));
        return b.toString();
    }

    static CategoryChart chart(DomainReport r) {
        CategoryChart c = new CategoryChartBuilder().width(900).height(480).title("Target accuracy per shift (mean over seeds)")
                .yAxisTitle("accuracy on the shifted images").build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> shifts = r.shifts().stream().map(DomainReport.Shift::shift).toList();
        for (DomainMethod m : DomainMethod.values()) {
            List<DomainReport.Cell> mine = shifts.stream().map(s -> DomainReport.find(r.cells(), s, m)).toList();
            if (mine.stream().anyMatch(java.util.Objects::isNull)) {
                continue;
            }
            c.addSeries(m.label(), shifts, mine.stream().map(x -> (Number) x.mean()).toList(),
                    mine.stream().map(x -> (Number) x.sd()).toList());
        }
        return c;
    }
}
