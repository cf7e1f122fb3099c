package org.transfer4j.domain;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradient reversal layer (Ganin and Lempitsky 2015) for DANN: the identity in the forward pass, the
 * incoming gradient times {@code -lambda} in the backward pass. A configuration class like DL4J's own
 * layers, so it serialises with the network; {@code lambda} is mutable so that a trainer can follow the
 * schedule {@link #scheduledLambda(double)} as training progresses.
 */
public class GradientReversal extends ParameterlessLayerConf {
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
    protected ParameterlessLayer<?> create(NeuralNetConfiguration conf, DataType dataType) {
        return new GradientReversalLayer(conf, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null) {
            throw new IllegalStateException("gradient reversal layer '" + getLayerName() + "' has no input type");
        }
        return inputType;
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
