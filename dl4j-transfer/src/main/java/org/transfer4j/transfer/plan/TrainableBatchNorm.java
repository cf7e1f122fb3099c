package org.transfer4j.transfer.plan;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Repairs the running-statistics decay of a BatchNorm layer that is about to train.
 *
 * <p>Keras stores its BatchNorm momentum (0.99 by default, 0.999 in keras.applications' MobileNetV2) and
 * DL4J imports it as the decay of the running mean and variance. A trained BatchNorm normalises with the
 * batch's statistics but predicts with the running ones; at 0.999 the running ones move 0.1% per step, so
 * after the few hundred steps of a fine-tuning they still describe the source data while the layers
 * around them have adapted to the batch statistics of the target data. Measured on the nsfwjs MobileNetV2
 * (its last three blocks trained on 1,000 Fashion-MNIST images, 15 epochs): test accuracy 47% at the file's
 * 0.999, 80% at 0.9, training accuracy 51% and 99%. So a BatchNorm that trains gets a decay of at most
 * {@value #DECAY}; frozen ones are untouched (they predict with the stored statistics either way).
 */
public final class TrainableBatchNorm {
    /** The decay a trained BatchNorm gets at most: its running statistics follow the last ~10 batches. */
    public static final double DECAY = 0.9;

    private TrainableBatchNorm() {
    }

    /** Lowers {@code layer}'s decay to {@link #DECAY} if it is a BatchNorm with a higher one; returns whether it changed. */
    public static boolean adapt(Layer layer) {
        if (layer instanceof BatchNormalization bn && bn.getDecay() > DECAY) {
            bn.setDecay(DECAY);
            return true;
        }
        return false;
    }
}
