package org.transfer4j.domain;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The working side of a {@link ParameterlessLayerConf}: a feed-forward layer with no parameters to regularise or noise. */
public abstract class ParameterlessLayer<C extends ParameterlessLayerConf> extends AbstractLayer<C> {

    protected ParameterlessLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return 0;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters, no weight noise
    }

    @Override
    public INDArray params() {
        return null;
    }
}
