package org.transfer4j.app.domain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;
import org.transfer4j.report.Charts;

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

    public static String table(DomainReport r) {
        StringBuilder b = new StringBuilder("| method | target accuracy (mean) | sd | gap recovered | source accuracy |\n")
                .append("|---|---:|---:|---:|---:|\n");
        for (DomainReport.Cell c : r.cells()) {
            b.append(String.format("| %s | %.4f | %.4f | %s | %.4f |%n", c.method().label(), c.mean(), c.sd(),
                    Double.isNaN(c.gapRecovered()) ? "-" : String.format("%.1f%%", 100 * c.gapRecovered()), c.sourceMean()));
        }
        return b.toString();
    }

    static String markdown(DomainReport r) {
        StringBuilder b = new StringBuilder("# Domain adaptation on shifted Fashion-MNIST\n\n");
        b.append("Source: Fashion-MNIST, labelled. Target: the same garments blended with texture patches as |t - x| "
                + "(ShiftedDomain, seed ").append(r.options().get("shiftSeed")).append("), training images without labels. "
                + "Target test accuracy on shifted test images; source accuracy on the same test images unshifted.\n\n");
        b.append(table(r)).append('\n');
        b.append(String.format("Gap between source only and the oracle: %.1f points. \"Gap recovered\" is the mean over seeds"
                + " of (method - source only) / (oracle - source only), each with the same seed's baselines.%n%n", 100 * r.gap()));
        b.append("![target accuracy](").append(CHART).append(")\n\n## Runs\n\n| method | seed | target accuracy | source accuracy | seconds |\n|---|---:|---:|---:|---:|\n");
        for (DomainReport.Run run : r.runs()) {
            b.append(String.format("| %s | %d | %.4f | %.4f | %.1f |%n", run.method().label(), run.seed(), run.targetAccuracy(),
                    run.sourceAccuracy(), run.seconds()));
        }
        b.append(String.format("%nOptions: %s.%n%nTotal wall time %.1f s.%n", r.options(), r.seconds()));
        return b.toString();
    }

    static CategoryChart chart(DomainReport r) {
        CategoryChart c = new CategoryChartBuilder().width(800).height(480).title("Target test accuracy (mean ± sd over seeds)")
                .yAxisTitle("accuracy on the shifted test set").build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> names = r.cells().stream().map(x -> x.method().label()).toList();
        c.addSeries("accuracy", names, r.cells().stream().map(x -> (Number) x.mean()).toList(),
                r.cells().stream().map(x -> (Number) x.sd()).toList());
        return c;
    }
}
