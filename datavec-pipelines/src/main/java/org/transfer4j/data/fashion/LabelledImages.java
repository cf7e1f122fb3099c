package org.transfer4j.data.fashion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable view of grey images with labels: a selection of rows of one IDX split, restricted to
 * some classes that are relabelled 0..n-1 in the order given. Views share the underlying pixels.
 */
public final class LabelledImages {
    private final SplitKind kind;
    private final Idx.Images images;
    private final byte[] labels;
    private final int[] rows;      // rows of the underlying split, in view order
    private final int[] classes;   // original class ids; position = new label
    private final int[] remap;     // original class id -> new label, or -1

    LabelledImages(SplitKind kind, Idx.Images images, byte[] labels, int[] rows, int[] classes) {
        this.kind = kind;
        this.images = images;
        this.labels = labels;
        this.rows = rows;
        this.classes = classes.clone();
        this.remap = new int[256];
        Arrays.fill(remap, -1);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] > 255 || remap[classes[i]] >= 0) {
                throw new IllegalArgumentException("classes must be distinct values in [0,255], got "
                        + Arrays.toString(classes));
            }
            remap[classes[i]] = i;
        }
    }

    /** The whole split with every class that occurs in it, in ascending order. */
    static LabelledImages whole(SplitKind kind, Idx.Images images, byte[] labels) {
        boolean[] seen = new boolean[256];
        for (byte b : labels) {
            seen[b & 0xff] = true;
        }
        int[] classes = java.util.stream.IntStream.range(0, 256).filter(c -> seen[c]).toArray();
        int[] rows = java.util.stream.IntStream.range(0, labels.length).toArray();
        return new LabelledImages(kind, images, labels, rows, classes);
    }

    public SplitKind kind() {
        return kind;
    }

    public int size() {
        return rows.length;
    }

    public int height() {
        return images.rows();
    }

    public int width() {
        return images.cols();
    }

    /** Original class ids of this view; the label of class {@code classes()[i]} is {@code i}. */
    public int[] classes() {
        return classes.clone();
    }

    public int numClasses() {
        return classes.length;
    }

    /** The label of the i-th image of this view, in 0..numClasses()-1. */
    public int label(int i) {
        return remap[labels[rows[i]] & 0xff];
    }

    /** The original (dataset) class id of the i-th image. */
    public int originalClass(int i) {
        return labels[rows[i]] & 0xff;
    }

    /** Index of the i-th image in the underlying IDX file; lets tests check disjointness and nesting. */
    public int sourceRow(int i) {
        return rows[i];
    }

    /** A copy of the i-th image's pixels, row-major unsigned bytes. */
    public byte[] pixels(int i) {
        int n = images.rows() * images.cols();
        return java.util.Arrays.copyOfRange(images.pixels(), rows[i] * n, rows[i] * n + n);
    }

    /** Only the images of {@code keep} (original ids), relabelled 0..keep.length-1 in that order. */
    public LabelledImages withClasses(int... keep) {
        boolean[] wanted = new boolean[256];
        for (int c : keep) {
            if (c < 0 || c > 255 || remap[c] < 0) {
                throw new IllegalArgumentException("class " + c + " is not in this view; available: "
                        + Arrays.toString(classes));
            }
            wanted[c] = true;
        }
        int[] kept = Arrays.stream(rows).filter(r -> wanted[labels[r] & 0xff]).toArray();
        return new LabelledImages(kind, images, labels, kept, keep);
    }

    /** The images at {@code positions} of this view, in that order. */
    public LabelledImages select(int[] positions) {
        int[] picked = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            picked[i] = rows[positions[i]];
        }
        return new LabelledImages(kind, images, labels, picked, classes);
    }

    /** The first {@code n} images of this view (all if fewer). */
    public LabelledImages limit(int n) {
        return select(java.util.stream.IntStream.range(0, Math.min(n, size())).toArray());
    }

    /** Positions in this view of each label, in view order: {@code result.get(label)}. */
    public List<int[]> positionsByLabel() {
        List<List<Integer>> lists = new ArrayList<>();
        for (int c = 0; c < classes.length; c++) {
            lists.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.length; i++) {
            lists.get(label(i)).add(i);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> l : lists) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Pixels scaled to [0,1], one flattened image per row: shape [size, height*width], FLOAT. */
    public INDArray features() {
        int pixelsPerImage = images.rows() * images.cols();
        float[] out = new float[rows.length * pixelsPerImage];
        byte[] px = images.pixels();
        for (int i = 0; i < rows.length; i++) {
            int src = rows[i] * pixelsPerImage;
            int dst = i * pixelsPerImage;
            for (int p = 0; p < pixelsPerImage; p++) {
                out[dst + p] = (px[src + p] & 0xff) / 255f;
            }
        }
        return Nd4j.create(out, new long[] {rows.length, pixelsPerImage}, DataType.FLOAT);
    }

    /** One-hot labels: shape [size, numClasses], FLOAT. */
    public INDArray oneHotLabels() {
        INDArray out = Nd4j.zeros(DataType.FLOAT, rows.length, classes.length);
        for (int i = 0; i < rows.length; i++) {
            out.putScalar(i, label(i), 1f);
        }
        return out;
    }

    /** Labels as ints, 0..numClasses()-1. */
    public int[] labels() {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = label(i);
        }
        return out;
    }

    public DataSet toDataSet() {
        return new DataSet(features(), oneHotLabels());
    }
}
