package org.transfer4j.data.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The shifted domain: seeded, label-preserving, per image, and really different from the source. */
class ShiftedDomainTest {
    @TempDir
    Path dir;

    @Test
    void theShiftIsSeededPerImageKeepsLabelsAndChangesPixels() throws Exception {
        FashionMnist data = FashionMnist.load(IdxFiles.dataset(dir.resolve("ds"), 200, 50, true));
        LabelledImages images = data.train().limit(40);
        INDArray a = new ShiftedDomain(7).features(images);
        INDArray b = new ShiftedDomain(7).features(images);
        assertEquals(a, b, "same seed, same images");
        assertNotEquals(a, new ShiftedDomain(8).features(images), "another seed, other textures");
        assertArrayEquals(new long[] {40, 784}, a.shape());
        assertTrue(a.minNumber().doubleValue() >= 0 && a.maxNumber().doubleValue() <= 1, "pixels stay in [0,1]");
        // An image's shift depends on its own row only: shifting a subset gives the same rows.
        INDArray part = new ShiftedDomain(7).features(images.select(new int[] {5, 9}));
        assertEquals(a.getRow(5), part.getRow(0));
        assertEquals(a.getRow(9), part.getRow(1));
        double meanAbsChange = a.sub(images.features()).norm1Number().doubleValue() / a.length();
        assertTrue(meanAbsChange > 0.1, "a real shift: mean |change| " + meanAbsChange);
    }

    /** The pixel formulas of each kind, checked against the source pixels: x the garment, the rest from the texture. */
    @Test
    void eachKindTransformsPixelsAsItsFormulaSays() throws Exception {
        FashionMnist data = FashionMnist.load(IdxFiles.dataset(dir.resolve("ds2"), 200, 50, true));
        LabelledImages images = data.train().limit(60);
        float[][] x = images.features().toFloatMatrix();
        float[][] overlay = new ShiftedDomain(ShiftedDomain.Kind.OVERLAY, 0.6, 3).features(images).toFloatMatrix();
        float[][] full = new ShiftedDomain(ShiftedDomain.Kind.OVERLAY, 1.0, 3).features(images).toFloatMatrix();
        float[][] polarity = new ShiftedDomain(ShiftedDomain.Kind.POLARITY, 0.6, 3).features(images).toFloatMatrix();
        float[][] sketch = new ShiftedDomain(ShiftedDomain.Kind.SKETCH, 1.0, 3).features(images).toFloatMatrix();
        int inverted = 0;
        for (int i = 0; i < x.length; i++) {
            Boolean flipped = null;
            for (int p = 0; p < 784; p++) {
                float v = x[i][p];
                // x + (1 - x) t, t in [0, strength]: never darker than the garment, a white pixel stays white, and
                // the texture part scales with the strength.
                assertTrue(overlay[i][p] >= v - 1e-6 && overlay[i][p] <= v + (1 - v) * 0.6f + 1e-6, "overlay " + i + "," + p);
                if (v < 1) {
                    float t = (full[i][p] - v) / (1 - v);
                    assertEquals(0.6f * t, (overlay[i][p] - v) / (1 - v), 1e-4, "strength scales the texture");
                }
                // POLARITY is OVERLAY (same textures) or its inverse, one or the other for the whole image.
                boolean same = Math.abs(polarity[i][p] - overlay[i][p]) < 1e-6;
                boolean inverse = Math.abs(polarity[i][p] - (1 - overlay[i][p])) < 1e-6;
                assertTrue(same || inverse, "polarity " + i + "," + p);
                if (!(same && inverse)) { // a pixel at 0.5 says nothing
                    if (flipped == null) {
                        flipped = !same;
                    } else {
                        assertEquals(flipped, !same, "one polarity per image");
                    }
                }
                assertTrue(sketch[i][p] >= 0 && sketch[i][p] <= 1);
            }
            inverted += Boolean.TRUE.equals(flipped) ? 1 : 0;
        }
        assertTrue(inverted > 15 && inverted < 45, "about half the images inverted: " + inverted + " of 60");
        // SKETCH: where the garment is flat (no edge within a pixel) the paper shows, at least 0.85; on a strong edge
        // the stroke is dark.
        float[] edges = ShiftedDomain.sobel(x[0], 28, 28);
        for (int p = 0; p < 784; p++) {
            if (edges[p] == 0) {
                assertTrue(sketch[0][p] >= 0.85f - 1e-6, "paper at " + p);
            }
            if (edges[p] >= 1) {
                assertEquals(0f, sketch[0][p], 1e-6, "stroke at " + p);
            }
        }
    }

    @Test
    void sobelIsTheGradientMagnitudeOfAStep() {
        // A vertical step from 0 to 1 between columns 13 and 14: |gx| = 4 on both sides of it (halved, clipped to 1),
        // zero elsewhere away from the border.
        float[] x = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int c = 14; c < 28; c++) {
                x[y * 28 + c] = 1f;
            }
        }
        float[] e = ShiftedDomain.sobel(x, 28, 28);
        assertEquals(1f, e[10 * 28 + 13], 1e-6);
        assertEquals(1f, e[10 * 28 + 14], 1e-6);
        assertEquals(0f, e[10 * 28 + 5], 1e-6);
        assertEquals(0f, e[10 * 28 + 20], 1e-6);
    }

    @Test
    void aStrengthOutsideTheUnitIntervalIsRefused() {
        for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new ShiftedDomain(ShiftedDomain.Kind.OVERLAY, bad, 1));
            assertTrue(e.getMessage().contains("strength"), e.getMessage());
        }
        assertEquals(0.75, ShiftedDomain.Kind.OVERLAY.defaultStrength());
        assertEquals(ShiftedDomain.Kind.SKETCH, new ShiftedDomain(ShiftedDomain.Kind.SKETCH, 1, 1).kind());
    }
}
