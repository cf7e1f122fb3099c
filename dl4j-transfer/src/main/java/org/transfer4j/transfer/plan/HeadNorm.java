package org.transfer4j.transfer.plan;

import java.util.Iterator;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.transfer4j.transfer.Featurizer;

/**
 * The standardisation in front of a cut's head ({@link NetworkTransfer#HEAD_NORM}): a frozen BatchNorm without scale
 * or shift whose mean and variance are the training split's, per feature, set once before training. A softmax head
 * trained on a cut's raw pooled activations underfits where they are small (mid-network block outputs are not ReLU'd
 * and their scales differ by orders of magnitude between blocks), so the head, not the features, decided which cut
 * looked best; linear probes standardise for this reason (MAE's puts a BatchNorm without affine before its classifier).
 * Fixed statistics, not a BatchNorm that trains: in training mode a BatchNorm normalises with each batch's own
 * statistics, and a K = 10 task's last batch holds 4 images.
 */
public final class HeadNorm {
    private HeadNorm() {
    }

    /** The layer configuration: frozen (inference mode, never updated), statistics set by {@link #fit}. */
    static FrozenLayer layer(long features) {
        FrozenLayer f = new FrozenLayer(new BatchNormalization.Builder().nIn(features).nOut(features).lockGammaBeta(true)
                .gamma(1).beta(0).build());
        f.setLayerName(NetworkTransfer.HEAD_NORM);
        return f;
    }

    /** A parameterless head layer (the cut's pooling) frozen with it, so that nothing below the norm expects a gradient. */
    static FrozenLayer frozen(org.deeplearning4j.nn.conf.layers.Layer layer, String name) {
        FrozenLayer f = new FrozenLayer(layer);
        f.setLayerName(name);
        return f;
    }

    /**
     * Sets the head norm of {@code trained} (a whole network or the trained top of one) to the mean and variance of
     * its input over {@code trainBatches} (the network's own input); false, touching nothing, when it has none.
     */
    public static boolean fit(Model trained, Iterator<DataSet> trainBatches) {
        Layer norm = layer(trained);
        if (norm == null) {
            return false;
        }
        String in = inputOf(trained);
        Featurizer f = in == null ? null : Featurizer.of(trained, List.of(new Featurizer.Cut(in, false)));
        INDArray sum = null;
        INDArray squares = null;
        long n = 0;
        while (trainBatches.hasNext()) {
            INDArray x = trainBatches.next().getFeatures();
            INDArray a = (f == null ? x : f.apply(x)[0]).castTo(DataType.DOUBLE);
            a = a.reshape(a.size(0), a.length() / a.size(0));
            sum = sum == null ? a.sum(0) : sum.addi(a.sum(0));
            squares = squares == null ? a.mul(a).sum(0) : squares.addi(a.mul(a).sum(0));
            n += a.size(0);
        }
        if (n == 0) {
            throw new IllegalArgumentException("the training split is empty: the head's standardisation has nothing to fit");
        }
        INDArray mean = sum.div(n);
        INDArray var = Transforms.max(squares.div(n).subi(mean.mul(mean)), 0.0);
        DataType type = norm.params().dataType();
        long width = mean.length();
        norm.setParam(BatchNormalizationParamInitializer.GLOBAL_MEAN, mean.castTo(type).reshape(1, width));
        if (norm.paramTable().containsKey(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
            // DL4J squares 10^log10stdev back into the variance and still adds eps when it normalises: log10 of the
            // standard deviation without eps goes here (floored: a constant feature has variance 0).
            norm.setParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD,
                    Transforms.log(Transforms.max(var, 1e-12), 10).muli(0.5).castTo(type).reshape(1, width));
        } else {
            norm.setParam(BatchNormalizationParamInitializer.GLOBAL_VAR, var.castTo(type).reshape(1, width));
        }
        return true;
    }

    /** The head norm layer of {@code net}, or null. */
    private static Layer layer(Model net) {
        if (net instanceof ComputationGraph g) {
            return g.getConfiguration().getVertices().containsKey(NetworkTransfer.HEAD_NORM) ? g.getLayer(NetworkTransfer.HEAD_NORM)
                    : null;
        }
        int i = index((MultiLayerNetwork) net);
        return i < 0 ? null : ((MultiLayerNetwork) net).getLayer(i);
    }

    /** The vertex (or layer index) whose activations the head norm reads; null: the network's own input. */
    private static String inputOf(Model net) {
        if (net instanceof ComputationGraph g) {
            String in = g.getConfiguration().getVertexInputs().get(NetworkTransfer.HEAD_NORM).get(0);
            return g.getConfiguration().getNetworkInputs().contains(in) ? null : in;
        }
        int i = index((MultiLayerNetwork) net);
        return i == 0 ? null : String.valueOf(i - 1);
    }

    private static int index(MultiLayerNetwork m) {
        for (int i = 0; i < m.getnLayers(); i++) {
            if (NetworkTransfer.HEAD_NORM.equals(m.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName())) {
                return i;
            }
        }
        return -1;
    }
}
