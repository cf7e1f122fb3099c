package org.transfer4j.zoo.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.catalogue.MavenArtifact;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;

/** Pooling token states into one vector per text, against sums written out by hand; entry validation. */
class PoolingTest {
    // Two texts of 3 tokens, width 2; the second text has one padding token whose state must not count.
    private static final float[][][] STATES = {{{1, 2}, {3, 4}, {5, 6}}, {{2, 0}, {4, 2}, {100, 100}}};
    private static final EncodedBatch BATCH = new EncodedBatch(new long[2][3], new long[][] {{1, 1, 1}, {1, 1, 0}},
            new long[2][3]);

    @Test
    void meanPoolingAveragesTheUnmaskedTokensOnly() {
        float[][] pooled = TextEncoder.pool(Nd4j.createFromArray(STATES), BATCH, "mean", false).toFloatMatrix();
        assertArrayEquals(new float[] {3, 4}, pooled[0], 1e-6f);
        assertArrayEquals(new float[] {3, 1}, pooled[1], 1e-6f);
    }

    @Test
    void clsPoolingTakesTheFirstTokenAndNormalisingGivesUnitLength() {
        float[][] pooled = TextEncoder.pool(Nd4j.createFromArray(STATES), BATCH, "cls", true).toFloatMatrix();
        float r = (float) Math.sqrt(5);
        assertArrayEquals(new float[] {1 / r, 2 / r}, pooled[0], 1e-6f);
        assertArrayEquals(new float[] {1, 0}, pooled[1], 1e-6f);
    }

    @Test
    void theCatalogueEncoderIsComplete() {
        TextEncoderEntry e = Catalogue.builtIn().textEncoder("all-minilm-l6-v2");
        assertArrayEquals(new Object[] {384, 6, 128, "mean"}, new Object[] {e.hidden(), e.layers(), e.maxLength(), e.pooling()});
        assertThrows(IllegalArgumentException.class, () -> Catalogue.builtIn().textEncoder("bert-nonexistent"));
    }

    @Test
    void entriesWithMissingFactsAreRefused() {
        MavenArtifact a = new MavenArtifact("g", "a", "1", null);
        String sha = "a".repeat(64);
        assertThrows(IllegalArgumentException.class, () -> new TextEncoderEntry("x", a, "m", sha, "t", sha,
                List.of("ids", "mask"), "o", 8, 2, 16, "mean", false, List.of("/l0/"), null), "one block for two layers");
        assertThrows(IllegalArgumentException.class, () -> new TextEncoderEntry("x", a, "m", "short", "t", sha,
                List.of("ids", "mask"), "o", 8, 1, 16, "mean", false, List.of("/l0/"), null));
        assertThrows(IllegalArgumentException.class, () -> new TextEncoderEntry("x", a, "m", sha, "t", sha,
                List.of("ids", "mask"), "o", 8, 1, 16, "max", false, List.of("/l0/"), null));
        assertThrows(IllegalArgumentException.class, () -> new MavenArtifact("g", "a b", "1", null));
    }
}
