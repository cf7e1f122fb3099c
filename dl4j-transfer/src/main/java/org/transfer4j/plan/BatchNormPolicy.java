package org.transfer4j.plan;

/**
 * What happens to BatchNorm layers. Whatever the policy, a BatchNorm layer in the frozen part of the
 * network is frozen with it: inference mode, running statistics, gamma and beta bit-identical.
 */
public enum BatchNormPolicy {
    /**
     * The default, valid for every strategy: BatchNorm layers freeze with the frozen part and train
     * with the trained blocks (batch statistics in training, running statistics and gamma/beta updated).
     */
    AUTO,
    /**
     * Every BatchNorm layer must stay frozen, also inside trained blocks (the usual advice for tiny
     * target batches). DL4J 1.0.0-M2.1 cannot back-propagate through a frozen BatchNorm
     * ({@code FrozenLayerWithBackprop} fails in its backward pass), so a plan whose trained blocks
     * contain BatchNorm layers is refused up front, naming them, instead of silently training them:
     * move the freeze boundary above them or use {@link #AUTO}.
     */
    REQUIRE_FROZEN
}
