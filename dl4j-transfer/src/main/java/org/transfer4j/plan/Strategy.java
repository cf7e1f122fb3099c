package org.transfer4j.plan;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How much of the pretrained network trains: a value, made by the factories below, compared by value and
 * written to JSON (the type names are the file format of reports, manifests and checkpoints: keep them).
 * Blocks are the base's ordered block boundaries (for ResNet50 its stages, for VGG16 its pooling stages). A
 * trained backbone layer {@code d} blocks below the top trains at head rate x factor x decay^d.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Strategy.FeatureExtraction.class, name = "featureExtraction"),
        @JsonSubTypes.Type(value = Strategy.LastBlocks.class, name = "fineTuneLastBlocks"),
        @JsonSubTypes.Type(value = Strategy.Gradual.class, name = "gradualUnfreezing"),
        @JsonSubTypes.Type(value = Strategy.Scratch.class, name = "scratch"),
        @JsonSubTypes.Type(value = Strategy.KeepFileFreezing.class, name = "keepFileFreezing")})
public sealed interface Strategy permits Strategy.FeatureExtraction, Strategy.LastBlocks, Strategy.Gradual, Strategy.Scratch,
        Strategy.KeepFileFreezing {
    /** Backbone rate = head rate x this, unless given. */
    double DEFAULT_BACKBONE_RATE_FACTOR = 0.1;

    /** Everything through the model's feature vertex frozen; only the new head trains (featurized once). */
    static Strategy featureExtraction() {
        return new FeatureExtraction(null);
    }

    /**
     * A cut at {@code vertex} (a vertex name of a graph, a layer name or index of a MultiLayerNetwork): the network
     * ends there and only a new head trains, reading the activations (globally average-pooled and standardised where
     * they are still images).
     */
    static Strategy featureExtraction(String vertex) {
        return new FeatureExtraction(vertex);
    }

    /** The last {@code blocks} blocks train at a tenth of the head rate. */
    static Strategy lastBlocks(int blocks) {
        return new LastBlocks(blocks, DEFAULT_BACKBONE_RATE_FACTOR, 1.0);
    }

    static Strategy lastBlocks(int blocks, double backboneRateFactor, double perBlockDecay) {
        return new LastBlocks(blocks, backboneRateFactor, perBlockDecay);
    }

    /** The head alone for 2 epochs, then one more block every 2 epochs, up to {@code maxBlocks}. */
    static Strategy gradual(int maxBlocks) {
        return new Gradual(2, 2, maxBlocks, DEFAULT_BACKBONE_RATE_FACTOR, 1.0);
    }

    static Strategy gradual(int headEpochs, int everyEpochs, int maxBlocks, double backboneRateFactor, double perBlockDecay) {
        return new Gradual(headEpochs, everyEpochs, maxBlocks, backboneRateFactor, perBlockDecay);
    }

    /**
     * The layers the base file marks frozen ({@code trainable: false} in a Keras or TF.js file) stay frozen;
     * every other backbone layer trains at a tenth of the head rate.
     */
    static Strategy keepFileFreezing() {
        return new KeepFileFreezing(null, DEFAULT_BACKBONE_RATE_FACTOR);
    }

    /** The baseline: the same architecture and head with fresh random weights, everything trained. */
    static Strategy scratch() {
        return new Scratch();
    }

    /** How many of the last blocks train during {@code epoch} (0-based); -1: not block-based. */
    default int unfrozenBlocksAt(int epoch) {
        return -1;
    }

    /** The strategy in words, for reports and logs ("fine-tuning the last 2 blocks"). */
    String describe();

    /**
     * The baseline every transfer is measured against: the base's architecture with the plan's head and
     * fresh random weights drawn from the plan's seed (the pretrained weights are not used), every
     * layer trained at the head rate.
     */
    record Scratch() implements Strategy {
        @Override
        public String describe() {
            return "from scratch";
        }
    }

    /**
     * The layers the base file itself marks frozen (Keras' {@code trainable: false}, kept in TF.js files) stay
     * frozen; every other backbone layer trains at head rate x {@code backboneRateFactor}. nsfwjs' networks, for
     * example, freeze everything below the blocks their authors fine-tuned. {@code frozen} null means "as the
     * base file says", filled in when the base is loaded; the plan then records the list.
     */
    record KeepFileFreezing(List<String> frozen, double backboneRateFactor) implements Strategy {
        public KeepFileFreezing {
            if (!(backboneRateFactor > 0 && backboneRateFactor <= 1)) {
                throw new IllegalArgumentException("backboneRateFactor must be in (0,1], got " + backboneRateFactor);
            }
            if (frozen != null && frozen.isEmpty()) {
                throw new IllegalArgumentException("the base file marks no layer frozen (trainable: false), so there is no"
                        + " freezing of its own to keep; choose feature extraction or the last N blocks");
            }
            frozen = frozen == null ? null : List.copyOf(frozen);
        }

        @Override
        public String describe() {
            return "the base file's own freezing";
        }
    }

    /**
     * Everything up to {@code vertex} frozen (null: the base's feature vertex); only the head trains. A vertex below
     * the feature vertex is a cut: the network ends there, and the head reads its activations (on a graph globally
     * average-pooled and standardised, what the advisor's LogME and probe score at that cut).
     */
    record FeatureExtraction(String vertex) implements Strategy {
        @Override
        public String describe() {
            return vertex == null ? "feature extraction" : "feature extraction at " + vertex;
        }
    }

    /**
     * The last {@code blocks} blocks train with discriminative rates: a layer in the block
     * {@code d} blocks below the top gets head rate x {@code backboneRateFactor} x {@code perBlockDecay}^d.
     */
    record LastBlocks(int blocks, double backboneRateFactor, double perBlockDecay) implements Strategy {
        public LastBlocks {
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

        @Override
        public String describe() {
            return blocks == 1 ? "fine-tuning the last block" : "fine-tuning the last " + blocks + " blocks";
        }
    }

    /**
     * Head only for {@code headEpochs} epochs, then one more of the last blocks every
     * {@code everyEpochs} epochs, up to {@code maxBlocks}; unfrozen blocks get discriminative rates as in
     * {@link LastBlocks}. The optimiser state of already-trained layers restarts at each
     * unfreezing step (DL4J keeps one updater state vector per network, rebuilt with the network).
     */
    record Gradual(int headEpochs, int everyEpochs, int maxBlocks, double backboneRateFactor, double perBlockDecay)
            implements Strategy {
        public Gradual {
            if (headEpochs < 1) {
                throw new IllegalArgumentException("headEpochs must be >= 1, got " + headEpochs);
            }
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("everyEpochs must be >= 1, got " + everyEpochs);
            }
            if (maxBlocks < 1) {
                throw new IllegalArgumentException("maxBlocks must be >= 1, got " + maxBlocks);
            }
            new LastBlocks(maxBlocks, backboneRateFactor, perBlockDecay); // same rate checks
        }

        @Override
        public int unfrozenBlocksAt(int epoch) {
            return epoch < headEpochs ? 0 : Math.min(maxBlocks, 1 + (epoch - headEpochs) / everyEpochs);
        }

        @Override
        public String describe() {
            return "gradual unfreezing up to " + maxBlocks + (maxBlocks == 1 ? " block" : " blocks");
        }

        /** The rates of the blocks as they unfreeze. */
        public LastBlocks rates(int blocks) {
            return new LastBlocks(Math.max(1, blocks), backboneRateFactor, perBlockDecay);
        }
    }
}
