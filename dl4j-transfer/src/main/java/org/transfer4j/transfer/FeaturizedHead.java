package org.transfer4j.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains the trainable top of a MultiLayerNetwork whose bottom layers are frozen on activations
 * computed once ("featurized") instead of running the frozen layers every step.
 *
 * <p>Replaces DL4J's {@code TransferLearningHelper} for MultiLayerNetworks: in M2.1 that helper
 * carries the first layer's input preprocessor over to the head, so on a CNN with flat input
 * (LeNet) fitting featurized data fails with "expect output columns must be equal to rows 28 x
 * columns 28". Here the head keeps the preprocessors of its own layers, shifted to its indices.
 */
public final class FeaturizedHead {
    private final MultiLayerNetwork full;
    private final int firstTrainable;
    private final MultiLayerNetwork head;

    /** {@code full} must start with one or more frozen layers followed by trainable ones. */
    public FeaturizedHead(MultiLayerNetwork full) {
        this.full = full;
        int i = 0;
        // A cut's frozen head layers (pooling, standardisation) belong to the head: they follow the trained layers
        // between runs (the standardisation is fitted on the training split) and are cheap.
        while (i < full.getnLayers() && full.getLayer(i) instanceof FrozenLayer
                && !String.valueOf(full.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName()).startsWith("head_")) {
            i++;
        }
        if (i == 0 || i == full.getnLayers()) {
            throw new IllegalArgumentException("network must have frozen bottom layers and trainable top layers; found "
                    + i + " frozen of " + full.getnLayers());
        }
        this.firstTrainable = i;
        this.head = buildHead();
    }

    private MultiLayerNetwork buildHead() {
        MultiLayerConfiguration fullConf = full.getLayerWiseConfigurations();
        List<NeuralNetConfiguration> confs = new ArrayList<>();
        Map<Integer, InputPreProcessor> pre = new HashMap<>();
        for (int i = firstTrainable; i < full.getnLayers(); i++) {
            confs.add(fullConf.getConf(i).clone());
            InputPreProcessor p = fullConf.getInputPreProcess(i);
            if (p != null) {
                pre.put(i - firstTrainable, p.clone());
            }
        }
        MultiLayerConfiguration conf = new MultiLayerConfiguration.Builder().confs(confs).inputPreProcessors(pre)
                .dataType(fullConf.getDataType()).validateOutputLayerConfig(false).build();
        MultiLayerNetwork h = new MultiLayerNetwork(conf);
        h.init();
        for (int i = firstTrainable; i < full.getnLayers(); i++) {
            if (full.getLayer(i).numParams() > 0) { // pooling layers (a cut's head) have none: params() is null
                h.getLayer(i - firstTrainable).setParams(full.getLayer(i).params().dup());
            }
        }
        return h;
    }

    /** Index of the first trainable layer; the featurized activations are the output of the layer before. */
    public int firstTrainableLayer() {
        return firstTrainable;
    }

    /** Output of the last frozen layer for {@code features}, in inference mode. */
    public INDArray featurize(INDArray features) {
        return full.feedForwardToLayer(firstTrainable - 1, features, false).get(firstTrainable);
    }

    /** One training step of the head on featurized input. */
    public void fit(DataSet featurized) {
        head.fit(featurized);
    }

    /** The head's predictions for featurized input. */
    public INDArray output(INDArray featurized) {
        return head.output(featurized, false);
    }

    /** The trainable top as its own network (input: featurized activations). */
    public MultiLayerNetwork head() {
        return head;
    }

    /** Copies the trained head's parameters into the full network and returns it. */
    public MultiLayerNetwork syncFullNetwork() {
        for (int i = firstTrainable; i < full.getnLayers(); i++) {
            if (full.getLayer(i).numParams() > 0) {
                full.getLayer(i).setParams(head.getLayer(i - firstTrainable).params());
            }
        }
        return full;
    }
}
