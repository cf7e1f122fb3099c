package org.transfer4j.transfer.plan;

/** What happens to BatchNorm layers in the trainable part of a network. */
public enum BatchNormPolicy {
    /**
     * Inference mode with fixed statistics: running mean/variance, gamma and beta stay bit-identical,
     * gradients flow through. The usual choice for small target batches.
     */
    FROZEN,
    /** Trained like other layers: batch statistics in training, running statistics and gamma/beta updated. */
    TRAINABLE
}
