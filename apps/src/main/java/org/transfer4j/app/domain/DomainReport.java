package org.transfer4j.app.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.transfer4j.plan.DomainMethod;

/**
 * The domain-adaptation study's results: every run, per shift and method the mean / sd of target test accuracy,
 * the source accuracy and the share of the source-only to oracle gap it recovers, and per shift whether it is an
 * accepted shift (the oracle within 5 points of clean accuracy, and at least 15 points above source only).
 *
 * @param track       "cnn" (the study's CNN trained from scratch) or "pretrained" (nsfwjs' MobileNetV2 frozen, a head adapted)
 * @param evaluatedOn "test" (the shifted test file) or "dev" (a labelled development split of the training file)
 */
public record DomainReport(Map<String, Object> options, String track, String evaluatedOn, List<Run> runs, List<Cell> cells,
                           List<Shift> shifts, Bar bar, double seconds, org.transfer4j.report.Provenance provenance)
        implements org.transfer4j.report.Report {
    /** Oracle at most this far below clean accuracy. */
    public static final double MAX_ORACLE_LOSS = 0.05;
    /** Oracle at least this far above source only. */
    public static final double MIN_GAP = 0.15;
    /** The bar (issue 26): a method clears a shift when it recovers at least this share of the gap, ... */
    public static final double BAR_SHARE = 0.5;
    /** ... a shift clears the bar when at least this many methods do, and the study when this many accepted shifts do. */
    public static final int BAR_COUNT = 2;

    @Override
    public String toMarkdown() {
        return DomainReportWriter.markdown(this);
    }

    @Override
    public java.util.Map<String, org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts() {
        return java.util.Map.of(DomainReportWriter.CHART, DomainReportWriter.chart(this));
    }

    /** One method trained with one seed, evaluated on one shift (source only and AdaBN share one training per seed). */
    public record Run(String shift, DomainMethod method, long seed, double targetAccuracy, double sourceAccuracy,
                      double seconds) {
    }

    /**
     * @param gapRecovered mean over seeds of (accuracy - source only) / (oracle - source only), each with the same
     *                     seed's baselines on the same shift; NaN for the baselines themselves or when one is missing
     */
    public record Cell(String shift, DomainMethod method, double mean, double sd, double sourceMean, double gapRecovered) {
    }

    /**
     * A shift's verdict.
     *
     * @param clean mean accuracy of source only on the unshifted test images
     */
    public record Shift(String shift, String description, double clean, double sourceOnly, double oracle, boolean accepted,
                        String reason) {
    }

    /**
     * The study's bar: at least {@value #BAR_COUNT} methods recover at least half of the gap on each of at least
     * {@value #BAR_COUNT} accepted shifts, DANN among them on one of those shifts.
     *
     * @param cleared the accepted shifts on which enough methods recover half the gap
     * @param lines   one line per shift (which methods clear it, or how far the best two fall short), then the verdict
     */
    public record Bar(boolean met, List<String> cleared, List<String> lines) {
    }

    public static Bar bar(List<Cell> cells, List<Shift> shifts) {
        List<String> lines = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        boolean dann = false;
        for (Shift s : shifts) {
            List<Cell> methods = cells.stream().filter(c -> c.shift().equals(s.shift()) && !isBaseline(c.method())
                    && !Double.isNaN(c.gapRecovered())).sorted(java.util.Comparator.comparingDouble(Cell::gapRecovered).reversed())
                    .toList();
            if (!s.accepted()) {
                lines.add(s.shift() + ": not an accepted shift");
                continue;
            }
            List<Cell> clearing = methods.stream().filter(c -> c.gapRecovered() >= BAR_SHARE).toList();
            if (clearing.size() >= BAR_COUNT) {
                cleared.add(s.shift());
                dann |= clearing.stream().anyMatch(c -> c.method() == DomainMethod.DANN);
                lines.add(s.shift() + ": clears it, " + clearing.size() + " methods recover half the gap or more ("
                        + String.join(", ", clearing.stream().map(DomainReport::share).toList()) + ")");
            } else {
                List<String> shortBy = methods.stream().limit(BAR_COUNT).map(c -> share(c) + (c.gapRecovered() >= BAR_SHARE
                        ? "" : String.format(", %.1f points short", 100 * (BAR_SHARE - c.gapRecovered())))).toList();
                lines.add(s.shift() + ": falls short, " + clearing.size() + " of " + BAR_COUNT + " methods needed"
                        + (shortBy.isEmpty() ? "" : "; the best: " + String.join("; ", shortBy)));
            }
        }
        boolean met = cleared.size() >= BAR_COUNT && dann;
        lines.add(met ? "Met: " + String.join(" and ", cleared) + " clear it, DANN among the methods on one of them."
                : "Not met: " + cleared.size() + " of " + BAR_COUNT + " accepted shifts clear it"
                        + (cleared.isEmpty() || dann ? "" : ", and DANN clears none of them") + ".");
        return new Bar(met, List.copyOf(cleared), List.copyOf(lines));
    }

    private static String share(Cell c) {
        return String.format("%s %.1f%%", c.method().label(), 100 * c.gapRecovered());
    }

    public static List<Cell> cells(List<Run> runs) {
        List<Cell> out = new ArrayList<>();
        for (String shift : runs.stream().map(Run::shift).distinct().toList()) {
            for (DomainMethod m : DomainMethod.values()) {
                List<Run> mine = runs.stream().filter(r -> r.shift().equals(shift) && r.method() == m).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                double[] acc = mine.stream().mapToDouble(Run::targetAccuracy).toArray();
                double mean = Arrays.stream(acc).average().orElse(Double.NaN);
                double sd = Math.sqrt(Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, acc.length - 1));
                double src = mine.stream().mapToDouble(Run::sourceAccuracy).average().orElse(Double.NaN);
                double recovered = isBaseline(m) ? Double.NaN
                        : mine.stream().mapToDouble(r -> recovered(runs, r)).average().orElse(Double.NaN);
                out.add(new Cell(shift, m, mean, sd, src, recovered));
            }
        }
        return out;
    }

    static boolean isBaseline(DomainMethod m) {
        return m == DomainMethod.SOURCE_ONLY || m == DomainMethod.ORACLE;
    }

    private static double recovered(List<Run> runs, Run r) {
        Double low = accuracy(runs, r.shift(), DomainMethod.SOURCE_ONLY, r.seed());
        Double high = accuracy(runs, r.shift(), DomainMethod.ORACLE, r.seed());
        return low == null || high == null ? Double.NaN : (r.targetAccuracy() - low) / (high - low);
    }

    private static Double accuracy(List<Run> runs, String shift, DomainMethod m, long seed) {
        return runs.stream().filter(x -> x.shift().equals(shift) && x.method() == m && x.seed() == seed)
                .map(Run::targetAccuracy).findFirst().orElse(null);
    }

    /** Each shift's verdict, from the cells; {@code descriptions} by shift name. */
    public static List<Shift> shifts(List<Cell> cells, Map<String, String> descriptions) {
        List<Shift> out = new ArrayList<>();
        for (String shift : cells.stream().map(Cell::shift).distinct().toList()) {
            Cell low = find(cells, shift, DomainMethod.SOURCE_ONLY);
            Cell high = find(cells, shift, DomainMethod.ORACLE);
            if (low == null || high == null) {
                out.add(new Shift(shift, descriptions.get(shift), Double.NaN, Double.NaN, Double.NaN, false,
                        "source only and the oracle are both needed to judge a shift"));
                continue;
            }
            double clean = low.sourceMean();
            List<String> why = new ArrayList<>();
            if (high.mean() < clean - MAX_ORACLE_LOSS) {
                why.add(String.format("the oracle is %.1f points below clean accuracy (at most %.0f allowed): the shift"
                        + " destroys information", 100 * (clean - high.mean()), 100 * MAX_ORACLE_LOSS));
            }
            if (high.mean() - low.mean() < MIN_GAP) {
                why.add(String.format("the gap is %.1f points (at least %.0f needed)", 100 * (high.mean() - low.mean()),
                        100 * MIN_GAP));
            }
            out.add(new Shift(shift, descriptions.get(shift), clean, low.mean(), high.mean(), why.isEmpty(),
                    why.isEmpty() ? "accepted" : String.join("; ", why)));
        }
        return out;
    }

    static Cell find(List<Cell> cells, String shift, DomainMethod m) {
        return cells.stream().filter(c -> c.shift().equals(shift) && c.method() == m).findFirst().orElse(null);
    }
}
