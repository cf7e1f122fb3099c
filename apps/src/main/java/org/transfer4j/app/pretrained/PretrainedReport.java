package org.transfer4j.app.pretrained;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Everything the pretrained-backbone study measured; serialised as JSON, rendered as Markdown and a chart. */
public record PretrainedReport(Map<String, Object> options, Backbone backbone, Featurize featurize,
                               List<PretrainedRun.Outcome> runs, List<Cell> cells, List<Verdict> verdicts,
                               List<CutScore> logMe, List<CutRanking> cutRankings, double totalSeconds,
                               org.transfer4j.report.Provenance provenance) implements org.transfer4j.report.Report {

    @Override
    public String toMarkdown() {
        return PretrainedReportWriter.markdown(this);
    }

    @Override
    public java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts() {
        return java.util.Map.of(PretrainedReportWriter.CHART, PretrainedReportWriter.chart(this));
    }

    /**
     * LogME of one feature-extraction cut on one K-shot sample (its pooled features and labels, no training), and
     * the leave-one-out accuracy of a ridge probe on the same features ({@link org.transfer4j.advise.LinearProbe}), and
     * that ridge classifier's accuracy on the test images (a closed-form linear head: feature extraction without training).
     */
    public record CutScore(String cut, int k, long seed, double logMe, double probeAccuracy, double ridgeTestAccuracy) {
    }

    /**
     * At one K: how LogME (mean over seeds) ranks the cuts against feature extraction's test accuracy (mean over
     * seeds): Kendall's tau-b, and the cut each puts first.
     */
    public record CutRanking(int k, double kendallTau, String logMeBest, String accuracyBest, double probeKendallTau,
                             String probeBest, double probeBestAccuracy, double bestAccuracy, double probeBestRidge,
                             String ridgeBest, double bestRidge, double ridgeKendallTau, double probeRidgeKendallTau) {
        static CutRanking of(int k, List<String> cuts, List<CutScore> scores, List<Cell> cells) {
            double[] logMe = new double[cuts.size()];
            double[] probe = new double[cuts.size()];
            double[] accuracy = new double[cuts.size()];
            double[] ridge = new double[cuts.size()];
            for (int i = 0; i < cuts.size(); i++) {
                String cut = cuts.get(i);
                ridge[i] = scores.stream().filter(s -> s.k() == k && s.cut().equals(cut)).mapToDouble(CutScore::ridgeTestAccuracy)
                        .average().orElse(Double.NaN);
                logMe[i] = scores.stream().filter(s -> s.k() == k && s.cut().equals(cut)).mapToDouble(CutScore::logMe)
                        .average().orElse(Double.NaN);
                probe[i] = scores.stream().filter(s -> s.k() == k && s.cut().equals(cut)).mapToDouble(CutScore::probeAccuracy)
                        .average().orElse(Double.NaN);
                String label = Method.featureExtraction(cut).label();
                accuracy[i] = cells.stream().filter(c -> c.k() == k && c.method().equals(label)).mapToDouble(Cell::mean)
                        .findFirst().orElse(Double.NaN);
            }
            boolean two = cuts.size() >= 2;
            int p = argMax(probe);
            return new CutRanking(k, two ? org.transfer4j.advise.KendallTau.of(logMe, accuracy) : Double.NaN,
                    cuts.get(argMax(logMe)), cuts.get(argMax(accuracy)),
                    two ? org.transfer4j.advise.KendallTau.of(probe, accuracy) : Double.NaN, cuts.get(p), accuracy[p],
                    accuracy[argMax(accuracy)], ridge[p], cuts.get(argMax(ridge)), ridge[argMax(ridge)],
                    two ? org.transfer4j.advise.KendallTau.of(logMe, ridge) : Double.NaN,
                    two ? org.transfer4j.advise.KendallTau.of(probe, ridge) : Double.NaN);
        }

        private static int argMax(double[] v) {
            int best = 0;
            for (int i = 1; i < v.length; i++) {
                if (v[i] > v[best]) {
                    best = i;
                }
            }
            return best;
        }

        public String sentence() {
            return String.format("K=%d: LogME ranks the cuts with Kendall's tau %.2f against feature extraction's accuracy,"
                    + " the ridge probe with %.2f; LogME puts %s first, the probe %s (feature extraction there: %.3f,"
                    + " %.1f points from the best cut, %s at %.3f). With the closed-form ridge head the probe's cut reaches"
                    + " %.3f on the test images, the best cut for that head is %s at %.3f; against that head's accuracies"
                    + " Kendall's tau is %.2f for LogME and %.2f for the probe.", k, kendallTau, probeKendallTau,
                    logMeBest, probeBest, probeBestAccuracy, 100 * (bestAccuracy - probeBestAccuracy), accuracyBest, bestAccuracy,
                    probeBestRidge, ridgeBest, bestRidge, ridgeKendallTau, probeRidgeKendallTau);
        }
    }

    /** The backbone: catalogue id, SHA-256 of its weights, the catalogue's provenance note, the cuts used. */
    public record Backbone(String id, String sha256, String provenance, List<String> featureCuts, List<String> stageCuts) {
    }

    /** The one pass through the frozen backbone: images, time, whether it was read from the cache. */
    public record Featurize(int images, double seconds, boolean cacheHit, String key) {
    }

    /** One method at one K over seeds; {@code sd} is the sample standard deviation (n-1). */
    public record Cell(String method, boolean transfers, int k, int n, double mean, double sd, double min, double max,
                       double meanSeconds) {
        static Cell of(Method m, int k, List<PretrainedRun.Outcome> runs) {
            double[] acc = runs.stream().mapToDouble(PretrainedRun.Outcome::accuracy).toArray();
            double mean = java.util.Arrays.stream(acc).average().orElse(Double.NaN);
            double ss = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum();
            return new Cell(m.label(), m.transfers(), k, acc.length, mean, acc.length > 1 ? Math.sqrt(ss / (acc.length - 1)) : 0,
                    java.util.Arrays.stream(acc).min().orElse(Double.NaN), java.util.Arrays.stream(acc).max().orElse(Double.NaN),
                    runs.stream().mapToDouble(PretrainedRun.Outcome::seconds).average().orElse(Double.NaN));
        }
    }

    /**
     * At one K: the best method overall, and the best use of the pretrained backbone against the best
     * method without it, with the margin and the sum of their seed standard deviations.
     */
    public record Verdict(int k, String best, String bestTransfer, String bestWithout, double margin, double spread) {
        static Verdict of(int k, List<Cell> atK) {
            Comparator<Cell> byMean = Comparator.comparingDouble(Cell::mean);
            Cell best = atK.stream().max(byMean).orElseThrow();
            Cell t = atK.stream().filter(Cell::transfers).max(byMean).orElse(null);
            Cell w = atK.stream().filter(c -> !c.transfers()).max(byMean).orElse(null);
            double margin = t == null || w == null ? Double.NaN : t.mean() - w.mean();
            double spread = t == null || w == null || t.n() < 2 ? Double.NaN : t.sd() + w.sd();
            return new Verdict(k, best.method(), t == null ? null : t.method(), w == null ? null : w.method(), margin, spread);
        }

        public String sentence() {
            if (bestTransfer == null || bestWithout == null) {
                return String.format("K=%d: %s is best.", k, best);
            }
            String size = Double.isNaN(spread) ? "one seed only, no spread to compare"
                    : Math.abs(margin) > spread ? String.format("larger than the seeds' spread (%.1f points)", 100 * spread)
                    : String.format("within the seeds' spread (%.1f points)", 100 * spread);
            return String.format("K=%d: best overall %s. The pretrained backbone's best use (%s) %s the best method without it"
                            + " (%s) by %.1f points, %s.", k, best, bestTransfer, margin >= 0 ? "beats" : "trails", bestWithout,
                    100 * Math.abs(margin), size);
        }
    }

    static List<Cell> cells(List<Method> methods, List<Integer> ks, List<PretrainedRun.Outcome> runs) {
        List<Cell> out = new ArrayList<>();
        for (int k : ks) {
            for (Method m : methods) {
                List<PretrainedRun.Outcome> rs = runs.stream().filter(r -> r.k() == k && r.method().equals(m)).toList();
                if (!rs.isEmpty()) {
                    out.add(Cell.of(m, k, rs));
                }
            }
        }
        return out;
    }

    static List<Verdict> verdicts(List<Cell> cells, List<Integer> ks) {
        return ks.stream().map(k -> Verdict.of(k, cells.stream().filter(c -> c.k() == k).toList())).toList();
    }
}
