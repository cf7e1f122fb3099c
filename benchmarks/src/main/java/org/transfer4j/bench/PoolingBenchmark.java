package org.transfer4j.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** ND4J's 2x2/stride-2 max and average pooling kernels (NCHW) at ResNet50/VGG16 activation shapes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PoolingBenchmark {
    @Param({"8x64x112x112", "8x512x14x14"})
    public String shape;

    private INDArray x;
    private Pooling2DConfig config;

    @Setup
    public void setup() {
        x = Nd4j.rand(DataType.FLOAT, Flops.dims(shape));
        config = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(false).build();
    }

    @Benchmark
    public INDArray maxPool() {
        return Nd4j.cnn().maxPooling2d(x, config);
    }

    @Benchmark
    public INDArray avgPool() {
        return Nd4j.cnn().avgPooling2d(x, config);
    }

    public static void main(String[] args) throws Exception {
        BenchmarkMain.runFromIde(PoolingBenchmark.class, args);
    }
}
