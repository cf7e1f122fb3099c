package org.transfer4j.transfer.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a user wants done to a pretrained network, as a value: the new head, the strategy, the
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

    /**
     * Where the pretrained network comes from: a catalogue weight file ({@code catalogue}, by model
     * id), a catalogue architecture with its {@code init()} weights ({@code architecture}: random,
     * for tests and demos), a Keras .h5 file ({@code keras}), a TF.js layers model directory ({@code tfjs})
     * or a DL4J model zip ({@code saved}). Written {@code kind:ref}, e.g. {@code catalogue:resnet50.imagenet}.
     */
    public record Base(Kind kind, String ref) {
        public enum Kind { CATALOGUE, ARCHITECTURE, KERAS, TFJS, SAVED }

        public Base {
            if (kind == null || ref == null || ref.isBlank()) {
                throw new IllegalArgumentException("a base needs a kind and a reference, got " + kind + ":" + ref);
            }
        }

        public static Base parse(String s) {
            int colon = s == null ? -1 : s.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("base must be kind:ref with kind one of catalogue, architecture, keras,"
                        + " tfjs, saved (e.g. catalogue:resnet50.imagenet), got " + s);
            }
            String k = s.substring(0, colon).trim().toUpperCase(java.util.Locale.ROOT);
            try {
                return new Base(Kind.valueOf(k), s.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("base kind must be one of catalogue, architecture, keras, tfjs, saved; got '"
                        + s.substring(0, colon) + "' in " + s, e);
            }
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + ref;
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
            @JsonSubTypes.Type(value = FineTuneLastBlocks.class, name = "fineTuneLastBlocks"),
            @JsonSubTypes.Type(value = GradualUnfreezing.class, name = "gradualUnfreezing"),
            @JsonSubTypes.Type(value = Scratch.class, name = "scratch"),
            @JsonSubTypes.Type(value = KeepFileFreezing.class, name = "keepFileFreezing")})
    public sealed interface Strategy permits FeatureExtraction, FineTuneLastBlocks, GradualUnfreezing, Scratch, KeepFileFreezing {
        /** How many of the last catalogue blocks train during {@code epoch} (0-based); -1: not block-based. */
        default int unfrozenBlocksAt(int epoch) {
            return -1;
        }
    }

    /**
     * The baseline every transfer is measured against: the base's architecture with the plan's head and
     * fresh random weights drawn from the plan's seed (the pretrained weights are not used), every
     * layer trained at the head rate.
     */
    public record Scratch() implements Strategy {
    }

    /**
     * The layers the base file itself marks frozen (Keras' {@code trainable: false}, kept in TF.js files) stay
     * frozen; every other backbone layer trains at head rate x {@code backboneRateFactor}. nsfwjs' networks, for
     * example, freeze everything below the blocks their authors fine-tuned. {@code frozen} null means "as the
     * base file says", filled in when the base is loaded; the plan then records the list.
     */
    public record KeepFileFreezing(java.util.List<String> frozen, double backboneRateFactor) implements Strategy {
        public KeepFileFreezing {
            if (!(backboneRateFactor > 0 && backboneRateFactor <= 1)) {
                throw new IllegalArgumentException("backboneRateFactor must be in (0,1], got " + backboneRateFactor);
            }
            if (frozen != null && frozen.isEmpty()) {
                throw new IllegalArgumentException("the base file marks no layer frozen (trainable: false), so there is no"
                        + " freezing of its own to keep; choose feature extraction or the last N blocks");
            }
            frozen = frozen == null ? null : java.util.List.copyOf(frozen);
        }
    }

    /**
     * Everything up to {@code vertex} frozen (null: the catalogue's feature vertex); only the head trains. On a graph,
     * a vertex below the feature vertex is a cut: the network ends there, and the head reads its activations
     * globally average-pooled and standardised (what the advisor's LogME and probe score at that cut).
     */
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

    /**
     * Head only for {@code headEpochs} epochs, then one more of the last blocks every
     * {@code everyEpochs} epochs, up to {@code maxBlocks}; unfrozen blocks get discriminative rates as in
     * {@link FineTuneLastBlocks}. The optimiser state of already-trained layers restarts at each
     * unfreezing step (DL4J keeps one updater state vector per network, rebuilt with the network).
     */
    public record GradualUnfreezing(int headEpochs, int everyEpochs, int maxBlocks, double backboneRateFactor,
                                    double perBlockDecay) implements Strategy {
        public GradualUnfreezing {
            if (headEpochs < 1) {
                throw new IllegalArgumentException("headEpochs must be >= 1, got " + headEpochs);
            }
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("everyEpochs must be >= 1, got " + everyEpochs);
            }
            if (maxBlocks < 1) {
                throw new IllegalArgumentException("maxBlocks must be >= 1, got " + maxBlocks);
            }
            new FineTuneLastBlocks(maxBlocks, backboneRateFactor, perBlockDecay); // same rate checks
        }

        @Override
        public int unfrozenBlocksAt(int epoch) {
            return epoch < headEpochs ? 0 : Math.min(maxBlocks, 1 + (epoch - headEpochs) / everyEpochs);
        }

        /** The rates of the blocks as they unfreeze. */
        public FineTuneLastBlocks rates(int blocks) {
            return new FineTuneLastBlocks(Math.max(1, blocks), backboneRateFactor, perBlockDecay);
        }
    }

    /**
     * The fine-tuning settings: updater and head learning rate (backbone rates derive from it), an
     * optional per-epoch exponential decay, L2 weight decay on every trained layer, and the seed of the
     * head's initialisation and of the training order.
     */
    public record Optimizer(Updater updater, double learningRate, double lrDecayPerEpoch, double weightDecay, long seed) {
        /** The updaters a plan can name; each layer gets its own instance (see {@link #create(double)}). */
        public enum Updater { ADAM, NESTEROVS, SGD }

        public Optimizer(double learningRate, double weightDecay, long seed) {
            this(Updater.ADAM, learningRate, 1.0, weightDecay, seed);
        }

        public Optimizer {
            if (updater == null) {
                throw new IllegalArgumentException("updater is required, one of " + java.util.Arrays.toString(Updater.values()));
            }
            if (!(lrDecayPerEpoch > 0 && lrDecayPerEpoch <= 1)) {
                throw new IllegalArgumentException("lrDecayPerEpoch must be in (0,1] (1 = constant rate), got " + lrDecayPerEpoch);
            }
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learningRate must be in (0,1), got " + learningRate);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
        }

        /**
         * A new updater at {@code rate}, decayed by {@code lrDecayPerEpoch} each epoch (the trainer counts
         * epochs on the network). A fresh instance each call: DL4J layers that share an updater instance
         * share its learning rate.
         */
        public org.nd4j.linalg.learning.config.IUpdater create(double rate) {
            org.nd4j.linalg.schedule.ISchedule s = lrDecayPerEpoch == 1.0 ? null
                    : new org.nd4j.linalg.schedule.ExponentialSchedule(org.nd4j.linalg.schedule.ScheduleType.EPOCH, rate,
                    lrDecayPerEpoch);
            return switch (updater) {
                case ADAM -> s == null ? new org.nd4j.linalg.learning.config.Adam(rate) : new org.nd4j.linalg.learning.config.Adam(s);
                case NESTEROVS -> s == null ? new org.nd4j.linalg.learning.config.Nesterovs(rate, 0.9)
                        : new org.nd4j.linalg.learning.config.Nesterovs(s, 0.9);
                case SGD -> s == null ? new org.nd4j.linalg.learning.config.Sgd(rate) : new org.nd4j.linalg.learning.config.Sgd(s);
            };
        }
    }
}
