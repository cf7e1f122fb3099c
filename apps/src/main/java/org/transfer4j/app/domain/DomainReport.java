package org.transfer4j.app.domain;

import org.transfer4j.domain.DomainMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The domain-adaptation study's results: every run, and per method the mean / sd of target test
 * accuracy and the fraction of the source-only to oracle gap it recovers.
 *
 * @param gap mean oracle accuracy minus mean source-only accuracy (NaN if either is missing)
 */
public record DomainReport(Map<String, Object> options, List<Run> runs, List<Cell> cells, double gap, double seconds,
                           org.transfer4j.report.Provenance provenance) implements org.transfer4j.report.Report {

    @Override
    public String toMarkdown() {
        return DomainReportWriter.markdown(this);
    }

    @Override
    public java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts() {
        return java.util.Map.of(DomainReportWriter.CHART, DomainReportWriter.chart(this));
    }

    /** One method trained with one seed. */
    public record Run(DomainMethod method, long seed, double targetAccuracy, double sourceAccuracy, double seconds) {
    }

    /**
     * @param gapRecovered mean over seeds of (accuracy - source only) / (oracle - source only), each with
     *                     the same seed's baselines; NaN for the baselines themselves or when a baseline is missing
     */
    public record Cell(DomainMethod method, double mean, double sd, double sourceMean, double gapRecovered) {
    }

    public static List<Cell> cells(List<Run> runs) {
        List<Cell> out = new ArrayList<>();
        for (DomainMethod m : DomainMethod.values()) {
            List<Run> mine = runs.stream().filter(r -> r.method() == m).toList();
            if (mine.isEmpty()) {
                continue;
            }
            double[] acc = mine.stream().mapToDouble(Run::targetAccuracy).toArray();
            double mean = java.util.Arrays.stream(acc).average().orElse(Double.NaN);
            double sd = Math.sqrt(java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, acc.length - 1));
            double src = mine.stream().mapToDouble(Run::sourceAccuracy).average().orElse(Double.NaN);
            double recovered = m.adapts() ? mine.stream().mapToDouble(r -> recovered(runs, r)).average().orElse(Double.NaN)
                    : Double.NaN;
            out.add(new Cell(m, mean, sd, src, recovered));
        }
        return out;
    }

    private static double recovered(List<Run> runs, Run r) {
        Double low = accuracy(runs, DomainMethod.SOURCE_ONLY, r.seed());
        Double high = accuracy(runs, DomainMethod.ORACLE, r.seed());
        return low == null || high == null ? Double.NaN : (r.targetAccuracy() - low) / (high - low);
    }

    private static Double accuracy(List<Run> runs, DomainMethod m, long seed) {
        return runs.stream().filter(x -> x.method() == m && x.seed() == seed).map(Run::targetAccuracy).findFirst().orElse(null);
    }

    public static double gap(List<Cell> cells) {
        double low = cells.stream().filter(c -> c.method() == DomainMethod.SOURCE_ONLY).mapToDouble(Cell::mean).findFirst().orElse(Double.NaN);
        double high = cells.stream().filter(c -> c.method() == DomainMethod.ORACLE).mapToDouble(Cell::mean).findFirst().orElse(Double.NaN);
        return high - low;
    }
}
