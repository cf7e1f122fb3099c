package org.transfer4j.app.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which parameter moves the score most: the absolute Spearman rank correlation between each parameter
 * and the score over the scored candidates (categorical values ranked by their order of appearance
 * sorted as text).
 */
final class Influence {
    private Influence() {
    }

    record Result(String parameter, double correlation) {
    }

    static Result strongest(List<Journal.Entry> entries) {
        List<Journal.Entry> scored = entries.stream().filter(e -> e.score() != null).toList();
        Result best = new Result(null, 0);
        if (scored.size() < 3) {
            return best;
        }
        for (String p : scored.get(0).parameters().keySet()) {
            double[] x = numeric(scored, p);
            double[] y = scored.stream().mapToDouble(Journal.Entry::score).toArray();
            double rho = Math.abs(spearman(x, y));
            if (!Double.isNaN(rho) && rho > best.correlation()) {
                best = new Result(p, rho);
            }
        }
        return best;
    }

    static double[] numeric(List<Journal.Entry> entries, String p) {
        Map<String, Integer> codes = new TreeMap<>();
        entries.forEach(e -> codes.putIfAbsent(String.valueOf(e.parameters().get(p)), 0));
        int i = 0;
        for (String k : codes.keySet()) {
            codes.put(k, i++);
        }
        return entries.stream().mapToDouble(e -> e.parameters().get(p) instanceof Number n ? n.doubleValue()
                : codes.get(String.valueOf(e.parameters().get(p)))).toArray();
    }

    static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    private static double[] ranks(double[] v) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            idx.add(i);
        }
        idx.sort((a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[idx.get(j + 1)] == v[idx.get(i)]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[idx.get(k)] = (i + j) / 2.0; // ties share their mean rank
            }
            i = j + 1;
        }
        return r;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = java.util.Arrays.stream(a).average().orElse(0);
        double mb = java.util.Arrays.stream(b).average().orElse(0);
        double s = 0;
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
            sa += (a[i] - ma) * (a[i] - ma);
            sb += (b[i] - mb) * (b[i] - mb);
        }
        return sa == 0 || sb == 0 ? Double.NaN : s / Math.sqrt(sa * sb);
    }
}
