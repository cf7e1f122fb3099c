package org.transfer4j.domain;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The working layer of {@link GradientReversal}: identity forward, epsilon x (-lambda) backward. */
public class GradientReversalLayer extends ParameterlessLayer<GradientReversal> {

    public GradientReversalLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        return mgr.dup(ArrayType.ACTIVATIONS, input, input.ordering());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray delta = mgr.dup(ArrayType.ACTIVATION_GRAD, epsilon, epsilon.ordering());
        delta.muli(-layerConf().getLambda());
        return new Pair<>(new DefaultGradient(), delta);
    }
}
