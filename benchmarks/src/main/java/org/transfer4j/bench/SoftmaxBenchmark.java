package org.transfer4j.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Row-wise softmax: a classifier output (batch x classes). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SoftmaxBenchmark {
    @Param({"32x1000", "256x1000", "4096x1000"})
    public String shape;

    private INDArray x;

    @Setup
    public void setup() {
        x = Nd4j.rand(DataType.FLOAT, Flops.dims(shape));
    }

    @Benchmark
    public INDArray softmax() {
        return Nd4j.nn().softmax(x, 1);
    }

    public static void main(String[] args) throws Exception {
        BenchmarkMain.runFromIde(SoftmaxBenchmark.class, args);
    }
}
