package org.transfer4j.data.image.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.transform.FlipImageTransform;
import org.datavec.image.transform.PipelineImageTransform;
import org.junit.jupiter.api.Test;

/** Colour jitter stays in its ranges and changes what it claims to; RandAugment applies n operations at m. */
class PhotometricTransformsTest {

    @Test
    void brightnessMultipliesWithinItsRange() {
        Random rng = new Random(1);
        int min = 255;
        int max = 0;
        for (int i = 0; i < 300; i++) {
            int v = Mats.pixels(Mats.through(new ColorJitter(0.4, 0, 0), Mats.solid(4, 4, 100, 100, 100), rng))[2][2][0];
            assertTrue(v >= 60 && v <= 140, "100 x [0.6, 1.4]: " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min < 66 && max > 134, "the whole range is used: " + min + ".." + max);
    }

    @Test
    void contrastScalesAroundTheGreyMeanWithinItsRange() {
        Random rng = new Random(2);
        double lo = 9;
        double hi = 0;
        for (int i = 0; i < 200; i++) {
            Mat m = Mats.solid(10, 10, 50, 50, 50);
            try (var idx = m.<org.bytedeco.javacpp.indexer.UByteIndexer>createIndexer()) {
                for (int y = 0; y < 10; y++) {
                    for (int x = 5; x < 10; x++) {
                        for (int c = 0; c < 3; c++) {
                            idx.put(y, x, c, 150);
                        }
                    }
                }
            }
            int[][][] p = Mats.pixels(Mats.through(new ColorJitter(0, 0.5, 0), m, rng));
            double factor = (p[0][9][0] - p[0][0][0]) / 100.0;
            assertTrue(factor >= 0.49 && factor <= 1.51, "contrast factor " + factor);
            assertEquals(100, (p[0][9][0] + p[0][0][0]) / 2.0, 1.0, "the grey mean stays");
            lo = Math.min(lo, factor);
            hi = Math.max(hi, factor);
        }
        assertTrue(lo < 0.6 && hi > 1.4, lo + ".." + hi);
    }

    @Test
    void saturationMovesColoursToOrFromGreyAndKeepsGreyImagesGrey() {
        Random rng = new Random(3);
        // B, G, R = 60, 100, 160: OpenCV's grey is 0.114 B + 0.587 G + 0.299 R = 113.3.
        double grey = 0.114 * 60 + 0.587 * 100 + 0.299 * 160;
        double lo = 9;
        double hi = 0;
        for (int i = 0; i < 200; i++) {
            int[] px = Mats.pixels(Mats.through(new ColorJitter(0, 0, 0.5), Mats.solid(4, 4, 60, 100, 160), rng))[1][1];
            double factor = (px[2] - grey) / (160 - grey);
            assertEquals(factor, (px[0] - grey) / (60 - grey), 0.04, "one factor for every channel");
            assertTrue(factor >= 0.48 && factor <= 1.52, "saturation factor " + factor);
            lo = Math.min(lo, factor);
            hi = Math.max(hi, factor);
            int[] g = Mats.pixels(Mats.through(new ColorJitter(0, 0, 0.5), Mats.solid(4, 4, 90, 90, 90), rng))[1][1];
            assertArrayEquals(new int[] {90, 90, 90}, g, "a grey image has no saturation to change");
        }
        assertTrue(lo < 0.6 && hi > 1.4, lo + ".." + hi);
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, 1.2, 0));
    }

    @Test
    void randAugmentPicksNOperationsFromTheWholeSet() {
        RandAugment ra = new RandAugment(3, 12);
        Random rng = new Random(4);
        Set<RandAugment.Op> seen = EnumSet.noneOf(RandAugment.Op.class);
        int negative = 0;
        for (int i = 0; i < 300; i++) {
            List<RandAugment.Step> plan = ra.plan(rng);
            assertEquals(3, plan.size());
            for (RandAugment.Step s : plan) {
                seen.add(s.op());
                negative += s.sign() < 0 ? 1 : 0;
                assertEquals(1, Math.abs(s.sign()));
            }
        }
        assertEquals(EnumSet.allOf(RandAugment.Op.class), seen);
        assertTrue(negative > 350 && negative < 550, "signs are fair: " + negative + " of 900");
        assertThrows(IllegalArgumentException.class, () -> new RandAugment(6, 10));
        assertThrows(IllegalArgumentException.class, () -> new RandAugment(2, 31));
        assertThrows(IllegalArgumentException.class, () -> new RandAugment(-1, 10));
    }

    @Test
    void randAugmentMagnitudesFollowThePaper() {
        assertEquals(30, RandAugment.Op.ROTATE.amount(30, 1), 1e-12);
        assertEquals(-15, RandAugment.Op.ROTATE.amount(15, -1), 1e-12);
        assertEquals(0.3, RandAugment.Op.TRANSLATE_X.amount(30, 1), 1e-12);
        assertEquals(-0.1, RandAugment.Op.TRANSLATE_Y.amount(10, -1), 1e-12);
        assertEquals(1.3, RandAugment.Op.BRIGHTNESS.amount(10, 1), 1e-12);
        assertEquals(0.7, RandAugment.Op.CONTRAST.amount(10, -1), 1e-12);
        assertEquals(1.9, RandAugment.Op.SATURATION.amount(30, 1), 1e-12);
        assertEquals(256, RandAugment.Op.SOLARIZE.amount(0, 1), 1e-12);
        assertEquals(128, RandAugment.Op.SOLARIZE.amount(15, -1), 1e-12, "solarize has no sign");
        assertEquals(8, RandAugment.Op.POSTERIZE.amount(0, 1), 1e-12);
        assertEquals(4, RandAugment.Op.POSTERIZE.amount(30, 1), 1e-12);
        assertEquals(0, RandAugment.Op.IDENTITY.amount(30, 1), 1e-12);
    }

    @Test
    void randAugmentOperationsDoWhatTheySay() {
        // Solarize at m = 15 (threshold 128): 200 -> 55, 100 stays.
        assertEquals(55, Mats.pixels(RandAugment.Op.SOLARIZE.apply(Mats.solid(4, 4, 200, 200, 200), 15, 1))[0][0][0]);
        assertEquals(100, Mats.pixels(RandAugment.Op.SOLARIZE.apply(Mats.solid(4, 4, 100, 100, 100), 15, 1))[0][0][0]);
        // Posterize at m = 30 keeps 4 bits: 183 = 1011 0111 -> 1011 0000 = 176.
        assertEquals(176, Mats.pixels(RandAugment.Op.POSTERIZE.apply(Mats.solid(4, 4, 183, 183, 183), 30, 1))[0][0][0]);
        assertEquals(183, Mats.pixels(RandAugment.Op.POSTERIZE.apply(Mats.solid(4, 4, 183, 183, 183), 0, 1))[0][0][0]);
        assertEquals(130, Mats.pixels(RandAugment.Op.BRIGHTNESS.apply(Mats.solid(4, 4, 100, 100, 100), 10, 1))[0][0][0]);
        // Contrast 0.7 around the mean 100 of a 50 / 150 image: 65 / 135.
        Mat halves = Mats.solid(10, 2, 50, 50, 50);
        try (var idx = halves.<org.bytedeco.javacpp.indexer.UByteIndexer>createIndexer()) {
            for (int x = 5; x < 10; x++) {
                for (int c = 0; c < 3; c++) {
                    idx.put(0, x, c, 150);
                    idx.put(1, x, c, 150);
                }
            }
        }
        int[][][] c = Mats.pixels(RandAugment.Op.CONTRAST.apply(halves, 10, -1));
        assertEquals(65, c[0][0][0], 1);
        assertEquals(135, c[0][9][0], 1);
        double[] moved = Mats.centroid(RandAugment.Op.TRANSLATE_X.apply(Mats.square(40, 40, 19, 19, 3), 10, 1));
        assertEquals(24, moved[0], 0.01, "0.1 of 40 pixels to the right");
        double[] down = Mats.centroid(RandAugment.Op.TRANSLATE_Y.apply(Mats.square(40, 40, 19, 19, 3), 10, -1));
        assertEquals(16, down[1], 0.01, "0.1 of 40 pixels up");
        double[] turned = Mats.centroid(RandAugment.Op.ROTATE.apply(Mats.square(41, 41, 29, 19, 3), 30, 1));
        assertEquals(10 * Math.sin(Math.toRadians(30)), 20 - turned[1], 0.6, "30 degrees counter-clockwise at m = 30");
        assertEquals(20 + 10 * Math.cos(Math.toRadians(30)), turned[0], 0.6);
        int[] sat = Mats.pixels(RandAugment.Op.SATURATION.apply(Mats.solid(4, 4, 60, 100, 160), 30, -1))[0][0];
        assertTrue(Math.abs(sat[2] - sat[0]) < 15, "saturation 0.1 brings the channels together: " + java.util.Arrays.toString(sat));
        Mat same = Mats.noise(6, 6, 1);
        int[] before = GeometryTransformsTest.flatten(Mats.pixels(same));
        assertArrayEquals(before, GeometryTransformsTest.flatten(Mats.pixels(RandAugment.Op.IDENTITY.apply(same, 30, 1))));
    }

    @Test
    void randAugmentAppliesItsPlanInOrder() {
        RandAugment ra = new RandAugment(2, 20);
        Mat src = Mats.noise(24, 24, 8);
        for (long seed = 0; seed < 20; seed++) {
            Mat expected = src.clone();
            for (RandAugment.Step s : ra.plan(new Random(seed))) {
                expected = s.op().apply(expected, 20, s.sign());
            }
            assertArrayEquals(GeometryTransformsTest.flatten(Mats.pixels(expected)),
                    GeometryTransformsTest.flatten(Mats.pixels(Mats.through(ra, src.clone(), new Random(seed)))), "seed " + seed);
        }
    }

    @Test
    void dataVecsOwnTransformsTakeTheSameGeneratorAndItsPipelineIsFlagged() {
        Augmentation mixed = Augmentation.of(new HorizontalFlip(0.5), new FlipImageTransform(new Random(0)));
        Mat src = Mats.noise(12, 10, 3);
        int[] a = GeometryTransformsTest.flatten(Mats.pixels(Mats.through(mixed, src.clone(), new Random(5))));
        int[] b = GeometryTransformsTest.flatten(Mats.pixels(Mats.through(mixed, src.clone(), new Random(5))));
        assertArrayEquals(a, b, "DataVec's flip draws from the generator it is handed");
        assertEquals(2, mixed.steps().size());
        assertTrue(Augmentation.warnIfNotReproducible(new PipelineImageTransform(new FlipImageTransform(new Random(0)))));
        assertFalse(Augmentation.warnIfNotReproducible(new HorizontalFlip(0.5)));
    }
}
