package org.transfer4j.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Picks examples (first-dimension rows) from arrays of any rank; ND4J's pullRows works on matrices only. */
public final class Rows {
    private Rows() {
    }

    public static INDArray pull(INDArray a, int[] rows) {
        if (a.rank() == 2) {
            return Nd4j.pullRows(a, 1, rows);
        }
        long[] shape = a.shape().clone();
        INDArray flat = a.reshape(a.size(0), a.length() / a.size(0));
        shape[0] = rows.length;
        return Nd4j.pullRows(flat, 1, rows).reshape(shape);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a view, for arrays of any rank. */
    public static INDArray range(INDArray a, int from, int to) {
        var idx = new org.nd4j.linalg.indexing.INDArrayIndex[a.rank()];
        idx[0] = org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = org.nd4j.linalg.indexing.NDArrayIndex.all();
        }
        return a.get(idx);
    }
}
