package org.transfer4j.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sums oneDNN's verbose log ({@code DNNL_VERBOSE=1}: one line per executed primitive,
 * {@code dnnl_verbose,exec,cpu,PRIMITIVE,IMPLEMENTATION,PROP_KIND,MEMORY,ATTRIBUTES,AUX,PROBLEM,MS}; oneDNN 2.6, as in
 * PyTorch 1.13, writes {@code onednn_verbose}) over
 * the lines between {@link WorkloadProfile}'s start and end markers, per primitive kind and per
 * individual problem, in milliseconds per step and as a share of the measured wall time per step.
 */
final class OneDnnVerboseSummary {
    static final String START = "transfer4j_profile,start";
    static final String END = "transfer4j_profile,end,";

    /** One aggregated row: what ran, how often per step, milliseconds per step. */
    record Row(String primitive, String propKind, String problem, double callsPerStep, double msPerStep) {
    }

    /** Rows by kind and by problem (reorders also by their source and destination formats). */
    record Summary(int steps, double wallMsPerStep, double oneDnnMsPerStep, List<Row> byKind, List<Row> byProblem) {
        double share(Row r) {
            return r.msPerStep() / wallMsPerStep;
        }
    }

    private OneDnnVerboseSummary() {
    }

    /**
     * Summarises the log; {@code steps} and the wall time per step come from the end marker
     * ({@code transfer4j_profile,end,STEPS,MS_PER_STEP}). Lines outside the markers are ignored.
     */
    static Summary summarise(List<String> lines) {
        boolean inside = false;
        int steps = 0;
        double wall = Double.NaN;
        Map<List<String>, double[]> kinds = new LinkedHashMap<>();
        Map<List<String>, double[]> problems = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith(START)) {
                inside = true;
            } else if (line.startsWith(END)) {
                String[] f = line.substring(END.length()).split(",");
                steps = Integer.parseInt(f[0].trim());
                wall = Double.parseDouble(f[1].trim());
                inside = false;
            } else if (inside && (line.startsWith("dnnl_verbose,exec,") || line.startsWith("onednn_verbose,exec,"))) {
                String[] f = line.split(",", -1);
                if (f.length < 11) {
                    continue;
                }
                double ms = Double.parseDouble(f[f.length - 1].trim());
                String problem = f[f.length - 2] + ("reorder".equals(f[3]) ? " " + f[6] : "");
                add(kinds, List.of(f[3], f[5], ""), ms);
                add(problems, List.of(f[3], f[5], problem), ms);
            }
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("the log has no end marker '" + END + "STEPS,MS': was the profiled run cut short?");
        }
        List<Row> byKind = rows(kinds, steps);
        double total = byKind.stream().mapToDouble(Row::msPerStep).sum();
        return new Summary(steps, wall, total, byKind, rows(problems, steps));
    }

    private static void add(Map<List<String>, double[]> m, List<String> key, double ms) {
        double[] a = m.computeIfAbsent(key, k -> new double[2]);
        a[0]++;
        a[1] += ms;
    }

    private static List<Row> rows(Map<List<String>, double[]> m, int steps) {
        List<Row> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Row(k.get(0), k.get(1), k.get(2), v[0] / steps, v[1] / steps)));
        out.sort(Comparator.comparingDouble(Row::msPerStep).reversed());
        return out;
    }

    /** A Markdown report: totals, every kind, the {@code top} most expensive problems. */
    static String markdown(Summary s, int top) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d steps, %.1f ms per step (wall), %.1f ms inside oneDNN primitives (%.0f%%)%n%n",
                s.steps(), s.wallMsPerStep(), s.oneDnnMsPerStep(), 100 * s.oneDnnMsPerStep() / s.wallMsPerStep()));
        b.append("| primitive | kind | calls / step | ms / step | share of step |\n|---|---|---:|---:|---:|\n");
        for (Row r : s.byKind()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.2f | %.1f%% |%n", r.primitive(), r.propKind(),
                    r.callsPerStep(), r.msPerStep(), 100 * s.share(r)));
        }
        b.append("\n| primitive | kind | problem | calls / step | ms / step | share of step |\n|---|---|---|---:|---:|---:|\n");
        for (Row r : s.byProblem().subList(0, Math.min(top, s.byProblem().size()))) {
            b.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %.1f | %.2f | %.1f%% |%n", r.primitive(), r.propKind(),
                    r.problem(), r.callsPerStep(), r.msPerStep(), 100 * s.share(r)));
        }
        return b.toString();
    }
}
