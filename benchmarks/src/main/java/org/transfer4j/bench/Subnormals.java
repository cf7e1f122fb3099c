package org.transfer4j.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Subnormal (denormal) floats: non-zero values below {@link Float#MIN_NORMAL} in magnitude, which x86
 * CPUs process many times slower than normal ones unless flush-to-zero is set (ND4J offers no switch).
 */
final class Subnormals {
    private Subnormals() {
    }

    /** How many values of {@code a} (FLOAT or DOUBLE; others count 0) are subnormal floats. */
    static long count(INDArray a) {
        if (a == null || a.isEmpty() || !(a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)) {
            return 0;
        }
        long n = 0;
        for (float v : a.dup().data().asFloat()) {
            if (v != 0 && Math.abs(v) < Float.MIN_NORMAL) {
                n++;
            }
        }
        return n;
    }
}
