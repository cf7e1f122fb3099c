package org.transfer4j.api;

import org.transfer4j.transfer.plan.TransferPlan;

/**
 * How much of the pretrained network trains. Blocks are the catalogue's ordered block boundaries
 * (for ResNet50 its stages, for VGG16 its pooling stages). A trained backbone layer {@code d} blocks
 * below the top trains at head rate x factor x decay^d.
 */
public final class Strategy {
    /** Backbone rate = head rate x this, unless given. */
    public static final double DEFAULT_BACKBONE_RATE_FACTOR = 0.1;

    private Strategy() {
    }

    /** Everything through the model's feature vertex frozen; only the new head trains (featurized once). */
    public static TransferPlan.Strategy featureExtraction() {
        return new TransferPlan.FeatureExtraction(null);
    }

    /** Everything through {@code vertex} frozen (a layer name, or an index for a MultiLayerNetwork). */
    public static TransferPlan.Strategy featureExtraction(String vertex) {
        return new TransferPlan.FeatureExtraction(vertex);
    }

    /** The last {@code blocks} blocks train at a tenth of the head rate. */
    public static TransferPlan.Strategy lastBlocks(int blocks) {
        return new TransferPlan.FineTuneLastBlocks(blocks, DEFAULT_BACKBONE_RATE_FACTOR, 1.0);
    }

    public static TransferPlan.Strategy lastBlocks(int blocks, double backboneRateFactor, double perBlockDecay) {
        return new TransferPlan.FineTuneLastBlocks(blocks, backboneRateFactor, perBlockDecay);
    }

    /** The head alone for 2 epochs, then one more block every 2 epochs, up to {@code maxBlocks}. */
    public static TransferPlan.Strategy gradual(int maxBlocks) {
        return new TransferPlan.GradualUnfreezing(2, 2, maxBlocks, DEFAULT_BACKBONE_RATE_FACTOR, 1.0);
    }

    public static TransferPlan.Strategy gradual(int headEpochs, int everyEpochs, int maxBlocks, double backboneRateFactor,
                                                double perBlockDecay) {
        return new TransferPlan.GradualUnfreezing(headEpochs, everyEpochs, maxBlocks, backboneRateFactor, perBlockDecay);
    }

    /**
     * The layers the base file marks frozen ({@code trainable: false} in a Keras or TF.js file) stay frozen;
     * every other backbone layer trains at a tenth of the head rate.
     */
    public static TransferPlan.Strategy keepFileFreezing() {
        return new TransferPlan.KeepFileFreezing(null, DEFAULT_BACKBONE_RATE_FACTOR);
    }

    /** The baseline: the same architecture and head with fresh random weights, everything trained. */
    public static TransferPlan.Strategy scratch() {
        return new TransferPlan.Scratch();
    }
}
