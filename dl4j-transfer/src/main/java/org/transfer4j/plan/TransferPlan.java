package org.transfer4j.plan;

/**
 * What a user wants done to a pretrained network, as a value: the base, the new head, the strategy, the
 * BatchNorm policy and the optimiser settings. Immutable, validated on construction (the bad value is
 * quoted), serialisable to JSON.
 */
public record TransferPlan(Base base, Head head, Strategy strategy, BatchNormPolicy batchNorm, Optimizer optimizer) {

    public TransferPlan {
        if (head == null || strategy == null || batchNorm == null || optimizer == null) {
            throw new IllegalArgumentException("head, strategy, batchNorm and optimizer are all required");
        }
    }

    /** A plan for a network the caller already holds (no base recorded). */
    public TransferPlan(Head head, Strategy strategy, BatchNormPolicy batchNorm, Optimizer optimizer) {
        this(null, head, strategy, batchNorm, optimizer);
    }

    public TransferPlan withStrategy(Strategy s) {
        return new TransferPlan(base, head, s, batchNorm, optimizer);
    }
}
