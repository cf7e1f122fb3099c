package org.transfer4j.advise;

/**
 * Kendall's rank correlation between two scorings of the same items (tau-b: ties in either scoring
 * reduce the denominator), for "does the score rank the candidates as the accuracies do".
 */
public final class KendallTau {
    private KendallTau() {
    }

    /** tau-b of {@code a} and {@code b} (same length, at least 2); NaN when either is constant. */
    public static double of(double[] a, double[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("two scorings of the same 2 or more items are needed, got " + a.length
                    + " and " + b.length + " values");
        }
        long concordant = 0;
        long discordant = 0;
        long tiesA = 0;
        long tiesB = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                int sa = Double.compare(a[i], a[j]);
                int sb = Double.compare(b[i], b[j]);
                if (sa == 0 && sb == 0) {
                    continue;
                }
                if (sa == 0) {
                    tiesA++;
                } else if (sb == 0) {
                    tiesB++;
                } else if (sa == sb) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiesA) * (concordant + discordant + tiesB));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }
}
