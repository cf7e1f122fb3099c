package org.transfer4j.app.sweep;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A finished sweep: the leaderboard (best validation score first, failed candidates last), the best
 * candidate, the most influential parameter, and the sweep's manifest.
 */
public record SweepReport(Manifest manifest, List<Journal.Entry> leaderboard, Journal.Entry best, String mostInfluential,
                          double influence, int epochsTrained, double seconds,
                          org.transfer4j.report.Provenance provenance) implements org.transfer4j.report.Report {

    @Override
    public String toMarkdown() {
        return SweepReportWriter.markdown(this);
    }

    @Override
    public java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts() {
        return SweepReportWriter.charts(this);
    }

    @Override
    public Map<String, String> files() {
        return Map.of(SweepReportWriter.CSV, SweepReportWriter.csv(this));
    }

    @Override
    public String markdownFile() {
        return SweepReportWriter.MARKDOWN;
    }

    @Override
    public String jsonFile() {
        return SweepReportWriter.JSON;
    }

    /** What defines the sweep, so that it can be rerun or resumed. */
    public record Manifest(SpaceSpec space, String generator, long seed, int candidates, double maxMinutes, boolean pruning,
                           int rungEpochs, int eta, String rungs, Map<String, Object> template, String dataFingerprint,
                           Map<String, String> versions) {
    }

    static List<Journal.Entry> rank(List<Journal.Entry> entries) {
        return entries.stream().sorted(Comparator.comparing((Journal.Entry e) -> e.score() == null ? Double.NEGATIVE_INFINITY : e.score())
                .reversed().thenComparingInt(Journal.Entry::index)).toList();
    }
}
