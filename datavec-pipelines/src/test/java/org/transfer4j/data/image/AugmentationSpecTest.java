package org.transfer4j.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.transfer4j.data.image.transform.ColorJitter;
import org.transfer4j.data.image.transform.HorizontalFlip;
import org.transfer4j.data.image.transform.RandAugment;
import org.transfer4j.data.image.transform.RandomErasing;
import org.transfer4j.data.image.transform.RandomResizedCrop;
import org.transfer4j.data.image.transform.ResizeCentreCrop;
import org.transfer4j.data.image.transform.RotateTranslate;

/** A spec becomes exactly the DataVec transforms it names, in the documented order; bad values are quoted. */
class AugmentationSpecTest {
    static final ImagePreprocessing PRE = ImagePreprocessing.unitRgb(16);

    static List<Class<?>> steps(AugmentationSpec s) {
        return s.toTransform(PRE).steps().stream().<Class<?>>map(Object::getClass).toList();
    }

    static AugmentationSpec only(int field, double v) {
        double[] f = {1, 0, 0, 0, 0, 0, 0, 0};
        f[field] = v;
        return new AugmentationSpec(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], 0, 0);
    }

    @Test
    void eachFieldAddsItsTransformAndZeroAddsNone() {
        assertEquals(List.of(ResizeCentreCrop.class), steps(AugmentationSpec.none()));
        assertEquals(List.of(RandomResizedCrop.class, HorizontalFlip.class, ColorJitter.class), steps(AugmentationSpec.standard()));
        assertEquals(List.of(RandomResizedCrop.class, HorizontalFlip.class, RandAugment.class), steps(AugmentationSpec.randAugment(2, 9)));
        assertEquals(List.of(RandomResizedCrop.class), steps(only(0, 0.99)));
        assertEquals(List.of(ResizeCentreCrop.class, HorizontalFlip.class), steps(only(1, 0.01)));
        assertEquals(List.of(ResizeCentreCrop.class, RotateTranslate.class), steps(only(2, 0.5)));
        assertEquals(List.of(ResizeCentreCrop.class, RotateTranslate.class), steps(only(3, 0.01)));
        for (int f = 4; f <= 6; f++) {
            assertEquals(List.of(ResizeCentreCrop.class, ColorJitter.class), steps(only(f, 0.01)), "field " + f);
        }
        assertEquals(List.of(ResizeCentreCrop.class, RandomErasing.class), steps(only(7, 0.01)));
        assertEquals(List.of(ResizeCentreCrop.class, RandAugment.class),
                steps(new AugmentationSpec(1, 0, 0, 0, 0, 0, 0, 0, 1, 0)));
        assertEquals(List.of(RandomResizedCrop.class, HorizontalFlip.class, RotateTranslate.class, RandAugment.class,
                ColorJitter.class, RandomErasing.class), steps(new AugmentationSpec(0.5, 0.5, 10, 0.1, 0.1, 0.1, 0.1, 0.5, 2, 5)));
    }

    @Test
    void noneIsOnlyTheEmptySpec() {
        assertTrue(AugmentationSpec.none().isNone());
        assertFalse(AugmentationSpec.standard().isNone());
        assertFalse(only(7, 0.1).isNone());
        assertEquals(0.25, AugmentationSpec.standard().withErasing(0.25).erasingProbability());
    }

    @Test
    void everyFieldIsCheckedAtItsBoundsWithTheValueQuoted() {
        double[] lo = {0.01, 0, 0, 0, 0, 0, 0, 0};
        double[] hi = {1, 1, 180, 0.5, 1, 1, 1, 1};
        String[] names = {"cropScaleMin", "flipProbability", "rotationDegrees", "translateFraction", "brightness", "contrast",
                "saturation", "erasingProbability"};
        for (int f = 0; f < 8; f++) {
            only(f, lo[f]);
            only(f, hi[f]);
            for (double bad : new double[] {lo[f] - 0.001, hi[f] + 0.001, Double.NaN}) {
                int field = f;
                String m = assertThrows(IllegalArgumentException.class, () -> only(field, bad)).getMessage();
                assertTrue(m.startsWith(names[f] + " must be in") && m.contains("got " + bad), m);
            }
        }
        new AugmentationSpec(1, 0, 0, 0, 0, 0, 0, 0, 5, 30);
        new AugmentationSpec(1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AugmentationSpec(1, 0, 0, 0, 0, 0, 0, 0, 6, 0))
                .getMessage().contains("got 6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AugmentationSpec(1, 0, 0, 0, 0, 0, 0, 0, -1, 0))
                .getMessage().contains("got -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AugmentationSpec(1, 0, 0, 0, 0, 0, 0, 0, 1, -1))
                .getMessage().contains("got -1"));
    }

}
