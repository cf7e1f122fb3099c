package org.transfer4j.data.fashion;

import java.util.Random;

/**
 * Seeded K-images-per-class sampling from a training view. For one seed, each class's images are put
 * in one fixed random order and the first K are taken, so the sets are nested: the K=10 sample is
 * contained in the K=100 sample, and so on. Test views are refused.
 */
public final class KShotSampler {
    private KShotSampler() {
    }

    public static LabelledImages sample(LabelledImages train, int k, long seed) {
        if (train.kind() != SplitKind.TRAIN) {
            throw new IllegalArgumentException("K-shot samples are drawn from training data only; got a "
                    + train.kind() + " view");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        var byLabel = train.positionsByLabel();
        int[] picked = new int[k * byLabel.size()];
        int n = 0;
        for (int label = 0; label < byLabel.size(); label++) {
            int[] positions = byLabel.get(label).clone();
            if (positions.length < k) {
                throw new IllegalArgumentException("class " + train.classes()[label] + " has only "
                        + positions.length + " training images, fewer than k=" + k);
            }
            // Per-class RNG so that a class's order does not depend on which other classes are present.
            shuffle(positions, new Random(seed * 1_000_003L + train.classes()[label]));
            System.arraycopy(positions, 0, picked, n, k);
            n += k;
        }
        return train.select(picked);
    }

    /** Fisher-Yates with the given RNG; deterministic for a seed. */
    public static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
