package org.transfer4j.app.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Everything the study measured; serialised as JSON and rendered as Markdown and a chart. */
public record StudyReport(Map<String, Object> options, Source source, List<Run> runs, List<Cell> cells,
                          List<Verdict> verdicts, double totalSeconds,
                          org.transfer4j.report.Provenance provenance) implements org.transfer4j.report.Report {

    @Override
    public String toMarkdown() {
        return StudyReportWriter.markdown(this);
    }

    @Override
    public java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts() {
        return java.util.Map.of(StudyReportWriter.CHART, StudyReportWriter.chart(this));
    }

    /** The pretrained source network. */
    public record Source(boolean reused, double testAccuracy, double trainSeconds, double imagesPerSecond,
                         String sha256) {
    }

    /** One strategy trained for one K and one seed. */
    public record Run(StudyArm strategy, int k, long seed, double accuracy, double seconds, int epochs, int steps) {
    }

    /** A strategy at one K, over seeds. {@code sd} is the sample standard deviation (n-1). */
    public record Cell(StudyArm strategy, int k, int n, double mean, double sd, double min, double max,
                       double meanSeconds) {
        static Cell of(StudyArm s, int k, List<Run> runs) {
            double[] acc = runs.stream().mapToDouble(Run::accuracy).toArray();
            double mean = java.util.Arrays.stream(acc).average().orElse(Double.NaN);
            double ss = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum();
            double sd = acc.length > 1 ? Math.sqrt(ss / (acc.length - 1)) : 0;
            return new Cell(s, k, acc.length, mean, sd, java.util.Arrays.stream(acc).min().orElse(Double.NaN),
                    java.util.Arrays.stream(acc).max().orElse(Double.NaN),
                    runs.stream().mapToDouble(Run::seconds).average().orElse(Double.NaN));
        }
    }

    /**
     * The winner at one K and its margin over the runner-up. {@code beyondSpread}: the margin exceeds
     * the sum of the two standard deviations (their one-sd bands do not overlap).
     */
    public record Verdict(int k, StudyArm winner, StudyArm runnerUp, double margin, double spread,
                          boolean beyondSpread, boolean rangesOverlap) {
        static Verdict of(int k, List<Cell> cellsAtK) {
            List<Cell> sorted = new ArrayList<>(cellsAtK);
            sorted.sort(Comparator.comparingDouble(Cell::mean).reversed());
            Cell a = sorted.get(0);
            Cell b = sorted.get(1);
            double margin = a.mean() - b.mean();
            // With one seed there is no spread: NaN, and beyondSpread stays false.
            double spread = a.n() > 1 && b.n() > 1 ? a.sd() + b.sd() : Double.NaN;
            return new Verdict(k, a.strategy(), b.strategy(), margin, spread, margin > spread, a.min() <= b.max());
        }

        public String sentence() {
            if (Double.isNaN(spread)) {
                return String.format("K=%d: %s wins by %.1f points over %s; one seed only, so no seed spread to compare.",
                        k, winner.label(), 100 * margin, runnerUp.label());
            }
            return String.format("K=%d: %s wins by %.1f points over %s; %s (sum of the two seed sds %.1f points; "
                            + "seed ranges %s).", k, winner.label(), 100 * margin, runnerUp.label(),
                    beyondSpread ? "larger than the seeds' spread" : "within the seeds' spread", 100 * spread,
                    rangesOverlap ? "overlap" : "do not overlap");
        }
    }

    static List<Cell> cells(List<Run> runs, List<Integer> ks) {
        List<Cell> out = new ArrayList<>();
        for (int k : ks) {
            for (StudyArm s : StudyArm.values()) {
                List<Run> r = runs.stream().filter(x -> x.k() == k && x.strategy() == s).toList();
                if (!r.isEmpty()) {
                    out.add(Cell.of(s, k, r));
                }
            }
        }
        return out;
    }

    static List<Verdict> verdicts(List<Cell> cells, List<Integer> ks) {
        List<Verdict> out = new ArrayList<>();
        for (int k : ks) {
            List<Cell> atK = cells.stream().filter(c -> c.k() == k).toList();
            if (atK.size() >= 2) {
                out.add(Verdict.of(k, atK));
            }
        }
        return out;
    }

    public Cell cell(StudyArm s, int k) {
        return cells.stream().filter(c -> c.strategy() == s && c.k() == k).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cell for " + s + " at K=" + k));
    }
}
