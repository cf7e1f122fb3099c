package org.transfer4j.zoo.keras;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Turns a network's final DenseLayer into an OutputLayer with the same weights, activation and name
 * (cross-entropy for softmax, else mean squared error). Keras files saved without a training
 * configuration import with a plain dense last layer, which DL4J cannot fit. The parameter layout of
 * the two layer types is identical, so the parameters are copied as one vector.
 */
final class TrainableOutput {
    private TrainableOutput() {
    }

    static Model attach(Model net) {
        if (net instanceof MultiLayerNetwork mln) {
            MultiLayerConfiguration conf = mln.getLayerWiseConfigurations().clone();
            int last = conf.getConfs().size() - 1;
            Layer layer = conf.getConf(last).getLayer();
            if (!(layer instanceof DenseLayer dense) || layer instanceof BaseOutputLayer) {
                return net;
            }
            conf.getConf(last).setLayer(outputLike(dense));
            MultiLayerNetwork out = new MultiLayerNetwork(conf);
            out.init(mln.params().dup(), false);
            return out;
        }
        if (net instanceof ComputationGraph g) {
            ComputationGraphConfiguration conf = org.transfer4j.zoo.MergeAxes.cloneOf(g.getConfiguration());
            if (conf.getNetworkOutputs().size() != 1) {
                return net;
            }
            String name = conf.getNetworkOutputs().get(0);
            if (!(conf.getVertices().get(name) instanceof LayerVertex lv)
                    || !(lv.getLayerConf().getLayer() instanceof DenseLayer dense)) {
                return net;
            }
            lv.getLayerConf().setLayer(outputLike(dense));
            ComputationGraph out = new ComputationGraph(conf);
            out.init(g.params().dup(), false);
            return out;
        }
        return net;
    }

    private static OutputLayer outputLike(DenseLayer dense) {
        boolean softmax = dense.getActivationFn() instanceof ActivationSoftmax;
        OutputLayer o = new OutputLayer.Builder(softmax ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .nIn(dense.getNIn()).nOut(dense.getNOut()).activation(dense.getActivationFn())
                .hasBias(dense.hasBias()).weightInit(dense.getWeightInitFn()).build();
        o.setLayerName(dense.getLayerName());
        o.setIUpdater(dense.getIUpdater());
        o.setRegularization(dense.getRegularization());
        o.setRegularizationBias(dense.getRegularizationBias());
        return o;
    }
}
