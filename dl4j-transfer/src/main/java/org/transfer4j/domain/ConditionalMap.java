package org.transfer4j.domain;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * CDAN's multilinear map (Long et al. 2018; tllib's {@code MultiLinearMap}): from the features f (width w) and the
 * logits z (C classes) side by side, the outer product f (x) softmax(z), flattened to w x C columns, which CDAN's
 * domain classifier reads instead of f alone, so that it tells the domains apart class by class. As in tllib's
 * {@code ConditionalDomainAdversarialLoss} the prediction is detached: the gradient reaches the features only.
 * The columns are ordered class by class (column c w + a is f_a p_c), a permutation of the flattened outer product
 * that a dense layer does not notice.
 */
public class ConditionalMap extends ParameterlessLayerConf {
    private int features;

    /** For JSON deserialisation. */
    public ConditionalMap() {
    }

    public ConditionalMap(String name, int features) {
        this(new Builder().name(name).features(features));
    }

    protected ConditionalMap(Builder b) {
        super(b);
        if (b.features < 1) {
            throw new IllegalArgumentException("features must be >= 1, got " + b.features);
        }
        this.features = b.features;
    }

    /** How many leading input columns are features; the rest are logits. */
    public int getFeatures() {
        return features;
    }

    public void setFeatures(int features) {
        this.features = features;
    }

    @Override
    protected ParameterlessLayer<?> create(NeuralNetConfiguration conf, DataType dataType) {
        return new ConditionalMapLayer(conf, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeFeedForward ff) || ff.getSize() <= features) {
            throw new IllegalStateException("conditional map '" + getLayerName() + "' reads " + features + " feature columns"
                    + " and then the logits, as a flat vector; got " + inputType);
        }
        return InputType.feedForward(features * (ff.getSize() - features));
    }

    @Override
    public ConditionalMap clone() {
        return (ConditionalMap) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConditionalMap c && super.equals(o) && c.features == features;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + features;
    }

    /** Builder in DL4J's style. */
    public static class Builder extends org.deeplearning4j.nn.conf.layers.Layer.Builder<Builder> {
        private int features;

        public Builder features(int features) {
            this.features = features;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ConditionalMap build() {
            return new ConditionalMap(this);
        }
    }
}
