package org.transfer4j.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** In-place element-wise add, ReLU, and a per-channel broadcast add (a bias) on NCHW activations. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ElementwiseBenchmark {
    @Param({"8x256x56x56", "8x2048x7x7"})
    public String shape;

    private INDArray a;
    private INDArray b;
    private INDArray bias;

    @Setup
    public void setup() {
        long[] d = Flops.dims(shape);
        a = Nd4j.rand(DataType.FLOAT, d);
        b = Nd4j.rand(DataType.FLOAT, d);
        bias = Nd4j.rand(DataType.FLOAT, d[1]);
    }

    @Benchmark
    public INDArray add() {
        return a.addi(b);
    }

    @Benchmark
    public INDArray relu() {
        return Transforms.relu(a, false);
    }

    @Benchmark
    public INDArray broadcastAdd() {
        return Nd4j.getExecutioner().exec(new BroadcastAddOp(a, bias, a, 1));
    }

    public static void main(String[] args) throws Exception {
        BenchmarkMain.runFromIde(ElementwiseBenchmark.class, args);
    }
}
