package org.transfer4j.domain;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient reversal layer (Ganin and Lempitsky 2015) for DANN: the identity in the forward pass, the
 * incoming gradient times {@code -lambda} in the backward pass. A configuration class like DL4J's own
 * layers, so it serialises with the network; {@code lambda} is mutable so that a trainer can follow the
 * schedule {@link #scheduledLambda(double)} as training progresses.
 */
public class GradientReversal extends NoParamLayer {
    private double lambda = 1.0;

    /** For JSON deserialisation. */
    public GradientReversal() {
    }

    public GradientReversal(String name, double lambda) {
        this(new Builder().name(name).lambda(lambda));
    }

    protected GradientReversal(Builder b) {
        super(b);
        this.lambda = b.lambda;
    }

    /** DANN's schedule: 2 / (1 + exp(-10 p)) - 1 for training progress p in [0, 1]; 0 at the start, near 1 at the end. */
    public static double scheduledLambda(double progress) {
        return 2.0 / (1.0 + Math.exp(-10.0 * progress)) - 1.0;
    }

    public double getLambda() {
        return lambda;
    }

    public void setLambda(double lambda) {
        if (!Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite, got " + lambda);
        }
        this.lambda = lambda;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        GradientReversalLayer l = new GradientReversalLayer(conf, dataType);
        l.setListeners(listeners);
        l.setIndex(index);
        l.setParamsViewArray(paramsView);
        Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
        l.setParamTable(table);
        l.setConf(conf);
        return l;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null) {
            throw new IllegalStateException("gradient reversal layer '" + getLayerName() + "' has no input type");
        }
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, GradientReversal.class, inputType, inputType).standardMemory(0, 0)
                .workingMemory(0, 0, 0, inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    @Override
    public GradientReversal clone() {
        return (GradientReversal) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GradientReversal g && super.equals(o) && g.lambda == lambda;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Double.hashCode(lambda);
    }

    /** Builder in DL4J's style. */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        private double lambda = 1.0;

        public Builder lambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GradientReversal build() {
            return new GradientReversal(this);
        }
    }
}
