package org.transfer4j.data.image.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/** Each geometric transform does what its geometry says, checked on images whose content is known. */
class GeometryTransformsTest {

    @Test
    void aFlipIsTheMirrorImagePixelForPixel() {
        Mat src = Mats.noise(17, 9, 1);
        int[][][] before = Mats.pixels(src);
        int[][][] flipped = Mats.pixels(Mats.through(new HorizontalFlip(1), src.clone(), new Random(1)));
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 17; x++) {
                assertArrayEquals(before[y][16 - x], flipped[y][x], "pixel " + x + "," + y);
            }
        }
        assertArrayEquals(flatten(before), flatten(Mats.pixels(Mats.through(new HorizontalFlip(0), src.clone(), new Random(1)))),
                "p = 0 never flips");
    }

    @Test
    void aFlipHappensWithItsProbability() {
        Mat src = Mats.noise(8, 8, 2);
        int[][][] before = Mats.pixels(src);
        Random rng = new Random(5);
        int flips = 0;
        for (int i = 0; i < 400; i++) {
            int[][][] out = Mats.pixels(Mats.through(new HorizontalFlip(0.3), src.clone(), rng));
            if (!java.util.Arrays.equals(flatten(before), flatten(out))) {
                flips++;
            }
        }
        // Binomial(400, 0.3): mean 120, sd 9.2.
        assertTrue(flips > 90 && flips < 150, flips + " flips of 400 at p = 0.3");
        assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
    }

    @Test
    void aRotationMovesAPointWhereTheGeometrySays() {
        // 41 x 41, centre (20, 20); a 3x3 square centred on (30, 20), ten pixels right of the centre.
        Mat src = Mats.square(41, 41, 29, 19, 3);
        double[] c90 = Mats.centroid(ImageOps.affine(src, 90, 0, 0));
        // OpenCV: positive angles turn counter-clockwise as the image is seen (y down), so right goes up.
        assertEquals(20, c90[0], 0.5);
        assertEquals(10, c90[1], 0.5);
        double[] c30 = Mats.centroid(ImageOps.affine(src, -30, 0, 0));
        assertEquals(20 + 10 * Math.cos(Math.toRadians(30)), c30[0], 0.6);
        assertEquals(20 + 10 * Math.sin(Math.toRadians(30)), c30[1], 0.6);
        double[] shifted = Mats.centroid(ImageOps.affine(src, 0, -6, 4));
        assertEquals(24, shifted[0], 0.01);
        assertEquals(24, shifted[1], 0.01);
    }

    @Test
    void rotateTranslateStaysWithinItsBounds() {
        Mat src = Mats.square(41, 41, 29, 19, 3);
        Random rng = new Random(3);
        double minAngle = 0;
        double maxAngle = 0;
        for (int i = 0; i < 60; i++) {
            double[] c = Mats.centroid(Mats.through(new RotateTranslate(20, 0), src.clone(), rng));
            double radius = Math.hypot(c[0] - 20, c[1] - 20);
            assertEquals(10, radius, 0.6, "a rotation about the centre keeps the distance to it");
            double angle = Math.toDegrees(Math.atan2(-(c[1] - 20), c[0] - 20)); // counter-clockwise positive
            assertTrue(Math.abs(angle) <= 20 + 2, "angle " + angle + " within 20 degrees");
            minAngle = Math.min(minAngle, angle);
            maxAngle = Math.max(maxAngle, angle);
        }
        assertTrue(minAngle < -10 && maxAngle > 10, "both directions drawn: " + minAngle + ".." + maxAngle);
        double maxShift = 0;
        for (int i = 0; i < 60; i++) {
            // Square centred at (20, 20): a shift of up to 0.1 x 41 = 4.1 pixels each way, no rotation.
            double[] c = Mats.centroid(Mats.through(new RotateTranslate(0, 0.1), Mats.square(41, 41, 19, 19, 3), rng));
            assertTrue(Math.abs(c[0] - 20) <= 4.2 && Math.abs(c[1] - 20) <= 4.2, c[0] + "," + c[1]);
            maxShift = Math.max(maxShift, Math.abs(c[0] - 20));
        }
        assertTrue(maxShift > 2.5, "shifts use the range: " + maxShift);
        assertThrows(IllegalArgumentException.class, () -> new RotateTranslate(181, 0));
        assertThrows(IllegalArgumentException.class, () -> new RotateTranslate(0, 0.6));
    }

    @Test
    void randomResizedCropWindowsStayInsideTheirScaleAndRatioBounds() {
        Random rng = new Random(7);
        double minArea = 1;
        double maxRatio = 1;
        double minRatio = 1;
        for (int i = 0; i < 2000; i++) {
            Rect r = ImageOps.cropWindow(200, 120, 0.3, rng);
            assertTrue(r.x() >= 0 && r.y() >= 0 && r.x() + r.width() <= 200 && r.y() + r.height() <= 120, "inside: " + str(r));
            double area = (double) r.width() * r.height() / (200 * 120);
            double ratio = (double) r.width() / r.height();
            assertTrue(area >= 0.3 - 0.02 && area <= 1.0, "area " + area);
            assertTrue(ratio >= 0.75 - 0.03 && ratio <= 4.0 / 3 + 0.03, "ratio " + ratio);
            minArea = Math.min(minArea, area);
            minRatio = Math.min(minRatio, ratio);
            maxRatio = Math.max(maxRatio, ratio);
        }
        assertTrue(minArea < 0.33 && minRatio < 0.8 && maxRatio > 1.28, minArea + " " + minRatio + " " + maxRatio);
        // An image too narrow for any draw falls back to the centred square.
        Rect fallback = ImageOps.cropWindow(400, 10, 0.9, new Random(1));
        assertEquals("195,0 10x10", str(fallback));
    }

    @Test
    void randomResizedCropShowsItsWindowResized() {
        // Blue = x, green = y: the output's corners name the window's corners.
        Mat src = Mats.solid(200, 120, 0, 0, 0);
        try (var idx = src.<org.bytedeco.javacpp.indexer.UByteIndexer>createIndexer()) {
            for (int y = 0; y < 120; y++) {
                for (int x = 0; x < 200; x++) {
                    idx.put(y, x, 0, x);
                    idx.put(y, x, 1, y);
                }
            }
        }
        Rect w = ImageOps.cropWindow(200, 120, 0.2, new Random(11));
        Mat out = Mats.through(new RandomResizedCrop(0.2, 64, 48), src.clone(), new Random(11));
        assertEquals(64, out.cols());
        assertEquals(48, out.rows());
        int[][][] p = Mats.pixels(out);
        assertEquals(w.x(), p[0][0][0], 3, "left edge");
        assertEquals(w.y(), p[0][0][1], 3, "top edge");
        assertEquals(w.x() + w.width() - 1, p[47][63][0], 3, "right edge");
        assertEquals(w.y() + w.height() - 1, p[47][63][1], 3, "bottom edge");
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(0, 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(0.5, 0, 8));
    }

    @Test
    void resizeCentreCropKeepsTheCentre() {
        // 300 x 200, shorter side to 100 -> 150 x 100; the centred 80 x 60 crop starts at resized x 35, which
        // averages source columns 70 and 71, and ends at resized x 114 (source 228 and 229).
        Mat src = Mats.solid(300, 200, 0, 0, 0);
        try (var idx = src.<org.bytedeco.javacpp.indexer.UByteIndexer>createIndexer()) {
            for (int y = 0; y < 200; y++) {
                for (int x = 0; x < 300; x++) {
                    idx.put(y, x, 0, x * 255 / 299);
                }
            }
        }
        Mat out = Mats.through(new ResizeCentreCrop(100, 80, 60), src, new Random(0));
        assertEquals(80, out.cols());
        assertEquals(60, out.rows());
        int[][][] p = Mats.pixels(out);
        assertEquals(70.5 * 255 / 299, p[30][0][0], 2);
        assertEquals(228.5 * 255 / 299, p[30][79][0], 2);
        assertThrows(IllegalArgumentException.class, () -> new ResizeCentreCrop(50, 80, 60));
    }

    @Test
    void randomErasingFillsOneRectangleOfBoundedSizeAndNothingElse() {
        Random rng = new Random(2);
        RandomErasing erase = new RandomErasing(1, 7, 8, 9);
        for (int i = 0; i < 50; i++) {
            Mat src = Mats.solid(60, 40, 200, 200, 200);
            int[][][] p = Mats.pixels(Mats.through(erase, src, rng));
            int minX = 60;
            int maxX = -1;
            int minY = 40;
            int maxY = -1;
            int filled = 0;
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 60; x++) {
                    if (p[y][x][0] == 7) {
                        assertArrayEquals(new int[] {7, 8, 9}, p[y][x]);
                        filled++;
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    } else {
                        assertArrayEquals(new int[] {200, 200, 200}, p[y][x], "untouched outside the rectangle");
                    }
                }
            }
            int w = maxX - minX + 1;
            int h = maxY - minY + 1;
            assertEquals(w * h, filled, "one solid rectangle");
            double area = filled / 2400.0;
            assertTrue(area >= 0.015 && area <= 0.36, "area " + area);
            assertTrue((double) h / w >= 0.25 && (double) h / w <= 3.6, "aspect " + h + "/" + w);
        }
        Mat src = Mats.solid(60, 40, 200, 200, 200);
        assertEquals(200 * 60 * 40 * 3, sum(Mats.pixels(Mats.through(new RandomErasing(0, 0), src, rng))), "p = 0 erases nothing");
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5));
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 300));
    }

    @Test
    void theSameGeneratorGivesTheSameImageAndAnotherGivesAnother() {
        Augmentation aug = Augmentation.of(new RandomResizedCrop(0.3, 32, 32), new HorizontalFlip(0.5),
                new RotateTranslate(15, 0.1), new ColorJitter(0.3, 0.3, 0.3), new RandomErasing(0.5, 0));
        Mat src = Mats.noise(50, 40, 4);
        int[] a = flatten(Mats.pixels(Mats.through(aug, src.clone(), new Random(9))));
        int[] b = flatten(Mats.pixels(Mats.through(aug, src.clone(), new Random(9))));
        int[] c = flatten(Mats.pixels(Mats.through(aug, src.clone(), new Random(10))));
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(c));
    }

    static String str(Rect r) {
        return r.x() + "," + r.y() + " " + r.width() + "x" + r.height();
    }

    static int[] flatten(int[][][] p) {
        return java.util.Arrays.stream(p).flatMap(java.util.Arrays::stream).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    static long sum(int[][][] p) {
        return java.util.Arrays.stream(flatten(p)).asLongStream().sum();
    }
}
