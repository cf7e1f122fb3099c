package org.transfer4j.bench;

import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Catalogue;

/**
 * Whole networks: ResNet50 and VGG16 (catalogue architectures, random weights) and the study's LeNet,
 * forward (inference) and one training step (forward, backward, Adam/SGD update), at a batch size,
 * with DL4J's oneDNN layer helpers on or off. Images per second = batch / time per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ModelBenchmark {
    @Param({"resnet50", "vgg16", "lenet"})
    public String model;

    @Param({"1", "8", "32"})
    public int batch;

    @Param({"on", "off"})
    public String helpers;

    private Model net;
    private INDArray x;
    private DataSet data;

    static Model build(String model, long seed) {
        Catalogue c = Catalogue.builtIn();
        return switch (model) {
            case "resnet50" -> Architectures.build(c.architecture("ResNet50"), seed);
            case "vgg16" -> Architectures.build(c.architecture("VGG16"), seed);
            case "lenet" -> Architectures.build(c.architecture("StudyLeNet"), 10, seed);
            default -> throw new IllegalArgumentException("model must be resnet50, vgg16 or lenet, got " + model);
        };
    }

    static long[] inputShape(ComputationGraph g) {
        // Both graph models here take 3x224x224.
        return new long[] {3, 224, 224};
    }

    @Setup
    public void setup() {
        CpuHelpers.set("on".equals(helpers));
        net = build(model, 1);
        Nd4j.getRandom().setSeed(2);
        int classes;
        if (net instanceof ComputationGraph) {
            x = Nd4j.rand(DataType.FLOAT, batch, 3, 224, 224);
            classes = 1000;
        } else {
            x = Nd4j.rand(DataType.FLOAT, batch, 784);
            classes = 10;
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        data = new DataSet(x, y);
    }

    @Benchmark
    public Object forward() {
        return net instanceof ComputationGraph g ? g.outputSingle(false, x) : ((MultiLayerNetwork) net).output(x, false);
    }

    @Benchmark
    public Object trainStep() {
        if (net instanceof ComputationGraph g) {
            g.fit(data);
        } else {
            ((MultiLayerNetwork) net).fit(data);
        }
        return net;
    }

    public static void main(String[] args) throws Exception {
        BenchmarkMain.runFromIde(ModelBenchmark.class, args);
    }
}
