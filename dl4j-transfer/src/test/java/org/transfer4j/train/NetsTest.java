package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class NetsTest {
    @Test
    void trainingWithTheForwardCacheGivesTheSameWeightsAsDl4jWithout() {
        MultiLayerNetwork plain = multiLayer();
        MultiLayerNetwork cached = multiLayer();
        ComputationGraph plainGraph = graph();
        ComputationGraph cachedGraph = graph();
        for (int step = 0; step < 3; step++) {
            DataSet d = batch(step);
            plain.fit(d);
            Nets.fit(cached, d);
            plainGraph.fit(d);
            Nets.fit(cachedGraph, d);
        }
        assertEquals(CacheMode.NONE, plain.getLayerWiseConfigurations().getCacheMode(), "DL4J's default, the baseline");
        assertEquals(CacheMode.DEVICE, cached.getLayerWiseConfigurations().getCacheMode());
        assertEquals(CacheMode.DEVICE, cachedGraph.getConfiguration().getCacheMode());
        assertNotEquals(multiLayer().params(), cached.params(), "it trained");
        assertEquals(plain.params(), cached.params());
        assertEquals(plainGraph.params(), cachedGraph.params());
    }

    @Test
    void theCacheModeReachesEveryLayerAndSurvivesSavingAndLoading(@TempDir Path dir) throws IOException {
        for (Model trained : new Model[] {multiLayer(), graph()}) {
            Nets.cacheForwardPass(trained);
            Nets.save(trained, dir.resolve("net.zip"));
            Model net = Nets.load(dir.resolve("net.zip"), trained);
            org.deeplearning4j.nn.api.Layer[] layers = net instanceof ComputationGraph g ? g.getLayers()
                    : ((MultiLayerNetwork) net).getLayers();
            for (var l : layers) {
                assertEquals(CacheMode.DEVICE, l.conf().getCacheMode(), l.conf().getLayer().getLayerName());
            }
        }
    }

    private static DataSet batch(int seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, (i + seed) % 3, 1f);
        }
        return new DataSet(x, y);
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(11).updater(new Adam(1e-2)).dataType(DataType.FLOAT);
    }

    private static MultiLayerNetwork multiLayer() {
        MultiLayerNetwork n = new MultiLayerNetwork(base().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build());
        n.init();
        return n;
    }

    private static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(base().graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.TANH).build(), "c1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "c2")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
