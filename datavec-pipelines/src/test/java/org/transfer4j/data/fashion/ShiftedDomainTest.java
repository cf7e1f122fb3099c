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
}
