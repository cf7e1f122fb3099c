package org.transfer4j.domain;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The working layer of {@link ConditionalMap}: f (x) softmax(z) forward, the gradient to f only backward. */
public class ConditionalMapLayer extends ParameterlessLayer<ConditionalMap> {

    public ConditionalMapLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private INDArray features() {
        return input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, layerConf().getFeatures()));
    }

    private INDArray predictions() {
        return Transforms.softmax(input.get(NDArrayIndex.all(), NDArrayIndex.interval(layerConf().getFeatures(),
                input.size(1))).dup(), false);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        int w = layerConf().getFeatures();
        INDArray f = features();
        INDArray p = predictions();
        long classes = p.size(1);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), new long[] {input.size(0), w * classes}, 'c');
        for (int c = 0; c < classes; c++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval((long) c * w, (long) (c + 1) * w))
                    .assign(f.mulColumnVector(p.getColumn(c, true).reshape(p.size(0), 1)));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        int w = layerConf().getFeatures();
        INDArray p = predictions();
        INDArray delta = mgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c'); // zeros: logits detached
        INDArray df = delta.get(NDArrayIndex.all(), NDArrayIndex.interval(0, w));
        for (int c = 0; c < p.size(1); c++) {
            df.addi(epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval((long) c * w, (long) (c + 1) * w))
                    .mulColumnVector(p.getColumn(c, true).reshape(p.size(0), 1)));
        }
        return new Pair<>(new DefaultGradient(), delta);
    }
}
