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

/** ND4J's batch-norm kernel (inference form, NCHW, per-channel statistics) at ResNet50 activation shapes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchNormBenchmark {
    @Param({"8x64x112x112", "8x256x56x56", "8x2048x7x7"})
    public String shape;

    private INDArray x;
    private INDArray mean;
    private INDArray var;
    private INDArray gamma;
    private INDArray beta;

    @Setup
    public void setup() {
        long[] d = Flops.dims(shape);
        x = Nd4j.rand(DataType.FLOAT, d);
        mean = Nd4j.rand(DataType.FLOAT, d[1]);
        var = Nd4j.rand(DataType.FLOAT, d[1]).addi(0.5);
        gamma = Nd4j.rand(DataType.FLOAT, d[1]);
        beta = Nd4j.rand(DataType.FLOAT, d[1]);
    }

    @Benchmark
    public INDArray batchNorm() {
        return Nd4j.nn().batchNorm(x, mean, var, gamma, beta, 1e-5, 1);
    }

    public static void main(String[] args) throws Exception {
        BenchmarkMain.runFromIde(BatchNormBenchmark.class, args);
    }
}
