package org.transfer4j.app.study;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.plan.VertexNames;

/**
 * The study's LeNet-style CNN: conv 5x5x20, max-pool 2x2, conv 5x5x50, max-pool 2x2, dense 500 ReLU,
 * softmax. Convolutions are linear, as in DL4J's LeNet example; max-pooling and the dense ReLU supply
 * the non-linearity. Input is a flattened 28x28 grey image scaled to [0,1].
 */
public final class StudyLeNet {
    /** Index of the dense 500 layer: the last backbone layer, the feature-extraction boundary. */
    public static final int FEATURE_LAYER = 4;
    public static final int FEATURES = 500;
    /** The dense 500 layer's name: where feature extraction cuts. */
    public static final String FEATURE_VERTEX = "dense";

    /** What a transfer plan needs to know of the network: input shape, feature and classifier layers, blocks. */
    public static VertexNames names() {
        return new VertexNames(List.of(1, 28, 28), FEATURE_VERTEX, "output", List.of("pool1", "pool2", FEATURE_VERTEX));
    }

    private StudyLeNet() {
    }

    public static MultiLayerNetwork build(int numClasses, double learningRate, double l2, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .l2(l2)
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(20).stride(1, 1)
                        .activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(50).stride(1, 1)
                        .activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2")
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("dense").activation(Activation.RELU).nOut(FEATURES).build())
                .layer(head(numClasses, learningRate))
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A fresh softmax classifier on the 500 features, with its own Adam rate. */
    public static OutputLayer head(int numClasses, double learningRate) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output")
                .nIn(FEATURES).nOut(numClasses).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate)).build();
    }
}
