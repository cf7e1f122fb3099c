package org.transfer4j.transfer.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a user wants done to a pretrained network, as a value: the new head, the strategy, the
 * BatchNorm policy and the optimiser settings. Immutable, validated on construction (the bad value is
 * quoted), serialisable to JSON.
 */
public record TransferPlan(Head head, Strategy strategy, BatchNormPolicy batchNorm, Optimizer optimizer) {

    public TransferPlan {
        if (head == null || strategy == null || batchNorm == null || optimizer == null) {
            throw new IllegalArgumentException("head, strategy, batchNorm and optimizer are all required");
        }
    }

    /** The new classifier: an optional hidden dense layer (0 = none) with dropout, then softmax. */
    public record Head(int numClasses, int hidden, double dropout) {
        public Head {
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
            }
            if (hidden < 0) {
                throw new IllegalArgumentException("hidden must be >= 0 (0 = no hidden layer), got " + hidden);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0,1), got " + dropout);
            }
        }
    }

    /** How much of the backbone trains. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = FeatureExtraction.class, name = "featureExtraction"),
            @JsonSubTypes.Type(value = FineTuneLastBlocks.class, name = "fineTuneLastBlocks")})
    public sealed interface Strategy permits FeatureExtraction, FineTuneLastBlocks {
    }

    /** Everything up to {@code vertex} frozen (null: the catalogue's feature vertex); only the head trains. */
    public record FeatureExtraction(String vertex) implements Strategy {
    }

    /**
     * The last {@code blocks} catalogue blocks train with discriminative rates: a layer in the block
     * {@code d} blocks below the top gets head rate x {@code backboneRateFactor} x {@code perBlockDecay}^d.
     */
    public record FineTuneLastBlocks(int blocks, double backboneRateFactor, double perBlockDecay) implements Strategy {
        public FineTuneLastBlocks {
            if (blocks < 1) {
                throw new IllegalArgumentException("blocks must be >= 1, got " + blocks);
            }
            if (!(backboneRateFactor > 0 && backboneRateFactor <= 1)) {
                throw new IllegalArgumentException("backboneRateFactor must be in (0,1], got " + backboneRateFactor);
            }
            if (!(perBlockDecay > 0 && perBlockDecay <= 1)) {
                throw new IllegalArgumentException("perBlockDecay must be in (0,1], got " + perBlockDecay);
            }
        }
    }

    /** Adam with a head learning rate, L2 weight decay and the seed of the head's initialisation. */
    public record Optimizer(double learningRate, double weightDecay, long seed) {
        public Optimizer {
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learningRate must be in (0,1), got " + learningRate);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
        }
    }
}
