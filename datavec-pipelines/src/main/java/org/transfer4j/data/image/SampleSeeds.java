package org.transfer4j.data.image;

import java.util.Random;

/**
 * The generators of a seeded pipeline: sample {@code i} of epoch {@code e} is augmented with
 * {@code Random(of(seed, e, i))} and epoch {@code e} is shuffled with {@code Random(of(seed, e, -1))},
 * so a sample's draws depend on nothing but these three numbers (not on worker count or timing).
 */
public final class SampleSeeds {
    private SampleSeeds() {
    }

    public static long of(long seed, long epoch, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        return h ^ (h >>> 31);
    }

    /** The sample order of {@code epoch}: 0..n-1, shuffled (Fisher-Yates) when {@code shuffle}. */
    public static int[] order(int n, long seed, int epoch, boolean shuffle) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random rng = new Random(of(seed, epoch, -1));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }
}
