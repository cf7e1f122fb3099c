package org.transfer4j.data.fashion;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shifted target domains built from Fashion-MNIST, labels unchanged, in the spirit of MNIST-M: each image x (scaled
 * to [0,1]) is transformed by one {@link Kind}, most of them with a texture patch t.
 *
 * <p>Textures: a bank of {@value #TEXTURES} 64 x 64 images, each the sum of three sinusoidal gratings (random
 * orientation, frequency 0.04 to 0.25 cycles per pixel, phase) plus a smooth blob field, rescaled to [0, c]:
 * c = 1 (full range) for every kind but {@link Kind#INVERT}, whose c is uniform in [0.4, 0.8]. Each image takes
 * texture {@code r.nextInt(TEXTURES)} at a random 28 x 28 offset, with {@code r = new Random(mix(seed, source row))}:
 * the transform of an image depends only on the kind, the seed and the image's row in its IDX file.
 */
public final class ShiftedDomain {
    public static final int TEXTURES = 32;
    private static final int SIZE = 64;

    /** The shifts. */
    public enum Kind {
        /**
         * |t - x| on the grey garment, textures in [0, 0.4..0.8]: where the texture is brighter than the garment the
         * two swap brightness; inverts some garment pixels and halves the spread: the hard, lossy end.
         */
        INVERT("inverted blend |t - x|", 1.0),
        /** The garment over a full-range texture: x + (1 - x) t (the texture shows through the garment's dark parts). */
        OVERLAY("garment over texture x + (1-x) t", 0.75),
        /** {@link #OVERLAY}, its polarity inverted (1 - composite) on a random half of the images (MNIST-M-like). */
        POLARITY("overlay, polarity inverted on half", 0.5),
        /**
         * Photo to sketch: dark strokes where the garment has edges (Sobel magnitude), on a paper that carries a
         * faint texture (0.15 t): no filled regions, no garment brightness.
         */
        SKETCH("edge sketch", 1.0);

        private final String label;
        private final double defaultStrength;

        Kind(String label, double defaultStrength) {
            this.label = label;
            this.defaultStrength = defaultStrength;
        }

        /**
         * The severity the study uses unless told otherwise, chosen on a development shift (texture seed 77, labels
         * from training rows 50,000 on) by the acceptance rule alone, from source only and the oracle: the strongest
         * of 0.5 / 0.75 / 1.0 at which the oracle stayed within 5 points of clean accuracy (OVERLAY at 0.5 left a gap
         * of only 10 points; POLARITY at 0.75 cost the oracle 7 points).
         */
        public double defaultStrength() {
            return defaultStrength;
        }

        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final float strength;
    private final float[][] bank;
    private final long seed;

    /** The {@link Kind#INVERT} shift. */
    public ShiftedDomain(long seed) {
        this(Kind.INVERT, 1.0, seed);
    }

    /**
     * @param strength the severity: the full-range textures of {@link Kind#OVERLAY}, {@link Kind#POLARITY} and
     *                 {@link Kind#SKETCH} are scaled to [0, strength] (INVERT keeps its own range)
     */
    public ShiftedDomain(Kind kind, double strength, long seed) {
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
        }
        this.kind = kind;
        this.strength = (float) strength;
        this.seed = seed;
        this.bank = new float[TEXTURES][];
        Random r = new Random(seed ^ 0x7E57_0000L);
        for (int k = 0; k < TEXTURES; k++) {
            bank[k] = texture(r, kind == Kind.INVERT);
        }
    }

    public Kind kind() {
        return kind;
    }

    private static float[] texture(Random r, boolean reduced) {
        double[] v = new double[SIZE * SIZE];
        for (int g = 0; g < 3; g++) {
            double theta = r.nextDouble() * Math.PI;
            double f = 2 * Math.PI * (0.04 + 0.21 * r.nextDouble());
            double phase = r.nextDouble() * 2 * Math.PI;
            double amp = 0.5 + r.nextDouble();
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    v[y * SIZE + x] += amp * Math.sin(f * (x * Math.cos(theta) + y * Math.sin(theta)) + phase);
                }
            }
        }
        for (int b = 0; b < 6; b++) {
            double cx = r.nextDouble() * SIZE;
            double cy = r.nextDouble() * SIZE;
            double s = 4 + 10 * r.nextDouble();
            double amp = r.nextGaussian() * 1.5;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    v[y * SIZE + x] += amp * Math.exp(-d2 / (2 * s * s));
                }
            }
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double d : v) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        // INVERT keeps its textures in [0, c], c in [0.4, 0.8], as it was first defined (with textures reaching 1,
        // |t - x| left source-only accuracy at 3 to 12%); the other kinds use the full range.
        double contrast = reduced ? 0.4 + 0.4 * r.nextDouble() : 1.0;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (contrast * (v[i] - min) / (max - min));
        }
        return out;
    }

    static long mix(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 29);
    }

    /** The shifted images of {@code images}: shape [size, 784], FLOAT in [0,1]. */
    public INDArray features(LabelledImages images) {
        int h = images.height();
        int w = images.width();
        float[] out = new float[images.size() * h * w];
        float[] x = new float[h * w];
        for (int i = 0; i < images.size(); i++) {
            byte[] px = images.pixels(i);
            for (int j = 0; j < x.length; j++) {
                x[j] = (px[j] & 0xff) / 255f;
            }
            Random r = new Random(mix(seed, images.sourceRow(i)));
            float[] t = bank[r.nextInt(TEXTURES)];
            int ox = r.nextInt(SIZE - w + 1);
            int oy = r.nextInt(SIZE - h + 1);
            boolean invert = kind == Kind.POLARITY && r.nextBoolean();
            float[] edges = kind == Kind.SKETCH ? sobel(x, h, w) : null;
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    int j = y * w + xx;
                    float tv = kind == Kind.INVERT ? t[(oy + y) * SIZE + ox + xx] : strength * t[(oy + y) * SIZE + ox + xx];
                    float v = switch (kind) {
                        case INVERT -> Math.abs(tv - x[j]);
                        case OVERLAY -> x[j] + (1 - x[j]) * tv;
                        case POLARITY -> invert ? 1 - (x[j] + (1 - x[j]) * tv) : x[j] + (1 - x[j]) * tv;
                        case SKETCH -> Math.max(0f, 1f - 0.15f * tv - edges[j]);
                    };
                    out[i * h * w + j] = v;
                }
            }
        }
        return Nd4j.create(out, new long[] {images.size(), (long) h * w}, DataType.FLOAT);
    }

    /** The Sobel gradient magnitude of {@code x} (h x w, zero outside), scaled by 1/2 and clipped to [0, 1]. */
    static float[] sobel(float[] x, int h, int w) {
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                float gx = at(x, h, w, y - 1, xx + 1) + 2 * at(x, h, w, y, xx + 1) + at(x, h, w, y + 1, xx + 1)
                        - at(x, h, w, y - 1, xx - 1) - 2 * at(x, h, w, y, xx - 1) - at(x, h, w, y + 1, xx - 1);
                float gy = at(x, h, w, y + 1, xx - 1) + 2 * at(x, h, w, y + 1, xx) + at(x, h, w, y + 1, xx + 1)
                        - at(x, h, w, y - 1, xx - 1) - 2 * at(x, h, w, y - 1, xx) - at(x, h, w, y - 1, xx + 1);
                out[y * w + xx] = Math.min(1f, (float) Math.sqrt(gx * gx + gy * gy) / 2f);
            }
        }
        return out;
    }

    private static float at(float[] x, int h, int w, int y, int xx) {
        return y < 0 || y >= h || xx < 0 || xx >= w ? 0f : x[y * w + xx];
    }
}
