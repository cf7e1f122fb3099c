package org.transfer4j.transfer.plan;

import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.VertexNames;

/** Where a strategy puts the freeze boundary. */
final class Freezing {
    private Freezing() {
    }

    /** The vertex (or layer) to freeze through when {@code unfrozenBlocks} of the last blocks train; null: none. */
    static String freezeVertex(Strategy s, VertexNames names, int unfrozenBlocks) {
        if (s instanceof Strategy.FeatureExtraction fe) {
            return fe.vertex() != null ? fe.vertex() : names.feature();
        }
        if (s instanceof Strategy.LastBlocks ft) {
            return names.freezeVertexForLastBlocks(ft.blocks());
        }
        if (s instanceof Strategy.Scratch || s instanceof Strategy.KeepFileFreezing) {
            return null; // nothing frozen through a vertex; file freezing wraps its own list of layers
        }
        return names.freezeVertexForLastBlocks(unfrozenBlocks);
    }

    /** The most blocks the strategy ever trains (BatchNorm policy checks look at that state). */
    static int maxBlocks(Strategy s, VertexNames names) {
        if (s instanceof Strategy.Scratch) {
            return names.blocks().size();
        }
        if (s instanceof Strategy.LastBlocks ft) {
            return ft.blocks();
        }
        if (s instanceof Strategy.Gradual g) {
            return g.maxBlocks();
        }
        return 0;
    }

    /** The file's frozen layers of a {@link Strategy.KeepFileFreezing} plan, refused while unresolved. */
    static java.util.Set<String> fileFrozen(Strategy s) {
        if (!(s instanceof Strategy.KeepFileFreezing k)) {
            return java.util.Set.of();
        }
        if (k.frozen() == null) {
            throw new IllegalArgumentException("keepFileFreezing has no list of frozen layers yet: load the base first"
                    + " (Transfer and BaseModel fill it in from the file)");
        }
        return new java.util.HashSet<>(k.frozen());
    }

    static String refusal(java.util.List<String> trainableBn) {
        return "BatchNormPolicy.REQUIRE_FROZEN, but the trained blocks hold BatchNorm layers "
                + trainableBn.subList(0, Math.min(3, trainableBn.size())) + (trainableBn.size() > 3 ? "..." : "")
                + " (" + trainableBn.size() + " in all), and DL4J 1.0.0-M2.1 cannot keep them frozen while training"
                + " through them (FrozenLayerWithBackprop fails in BatchNorm's backward pass); use BatchNormPolicy.AUTO"
                + " (they train with their blocks), or train fewer blocks";
    }
}
