package org.transfer4j.bench;

import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * A DL4J ConvolutionLayer at ResNet50 layer shapes (batch x C x H x W - C_out - kernel/stride), with
 * the oneDNN layer helper on or off: forward alone, and forward plus backward (input and weight
 * gradients, through a cheap CNN loss layer). FLOPs: 2 N H' W' C_out C_in k^2 forward, 3x that for both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Conv2dBenchmark {
    @Param({"8x3x224x224-64-k7s2", "8x64x56x56-64-k3s1", "8x128x28x28-128-k3s1", "8x256x14x14-256-k3s1",
            "8x512x7x7-512-k3s1"})
    public String shape;

    @Param({"on", "off"})
    public String helpers;

    private MultiLayerNetwork net;
    private INDArray x;
    private INDArray y;

    @Setup
    public void setup() {
        CpuHelpers.set("on".equals(helpers));
        ConvShape s = ConvShape.parse(shape);
        net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(s.kernel(), s.kernel()).stride(s.stride(), s.stride())
                        .convolutionMode(ConvolutionMode.Same).nOut(s.outChannels()).activation(Activation.IDENTITY).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(s.height(), s.width(), s.channels())).build());
        net.init();
        x = Nd4j.rand(DataType.FLOAT, s.batch(), s.channels(), s.height(), s.width());
        y = Nd4j.rand(DataType.FLOAT, s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
        net.setInput(x);
        net.setLabels(y);
    }

    @Benchmark
    public INDArray forward() {
        return net.output(x, false);
    }

    @Benchmark
    public double forwardBackward() {
        net.computeGradientAndScore();
        return net.score();
    }

    public static void main(String[] args) throws Exception {
        BenchmarkMain.runFromIde(Conv2dBenchmark.class, args);
    }
}
