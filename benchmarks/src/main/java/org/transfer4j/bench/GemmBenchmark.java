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

/**
 * FP32 matrix multiply C = A x B through ND4J (OpenBLAS sgemm). {@code shape} is MxKxN: square sizes,
 * and ResNet50's 1x1 convolutions (M = batch 8 x H x W, K = C_in, N = C_out) and its FC layer.
 * FLOPs: 2 M K N.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBenchmark {
    @Param({"256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048",
            "25088x64x256", "6272x128x512", "1568x256x1024", "392x512x2048", "8x2048x1000"})
    public String shape;

    private INDArray a;
    private INDArray b;
    private INDArray c;

    @Setup
    public void setup() {
        long[] mkn = Flops.dims(shape);
        Nd4j.getRandom().setSeed(1);
        a = Nd4j.rand(DataType.FLOAT, mkn[0], mkn[1]);
        b = Nd4j.rand(DataType.FLOAT, mkn[1], mkn[2]);
        c = Nd4j.create(DataType.FLOAT, mkn[0], mkn[2]);
    }

    @Benchmark
    public INDArray gemm() {
        return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }

    public static void main(String[] args) throws Exception {
        BenchmarkMain.runFromIde(GemmBenchmark.class, args);
    }
}
