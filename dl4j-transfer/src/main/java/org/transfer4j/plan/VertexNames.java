package org.transfer4j.plan;

import java.util.List;

import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.ModelEntry;

/**
 * What a plan needs to know about a network: its input shape [channels, height, width] and named
 * vertices, from a catalogue architecture (init()) or a weight-file entry.
 */
public record VertexNames(List<Integer> inputShape, String feature, String classifier, List<String> blocks) {
    public VertexNames {
        if (inputShape == null || inputShape.size() != 3) {
            throw new IllegalArgumentException("inputShape must be [channels, height, width], got " + inputShape);
        }
        if (feature == null || classifier == null) {
            throw new IllegalArgumentException("feature and classifier vertex names are required");
        }
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
    }

    public static VertexNames of(Architecture a) {
        return new VertexNames(a.inputShape(), a.featureVertex(), a.classifierVertex(), a.blocks());
    }

    public static VertexNames of(ModelEntry e) {
        return new VertexNames(e.inputShape(), e.featureVertex(), e.classifierVertex(), e.blocks());
    }

    /** The vertex to freeze through so that the last {@code n} blocks train; null when all blocks train. */
    public String freezeVertexForLastBlocks(int n) {
        if (n > blocks.size()) {
            throw new IllegalArgumentException("cannot train the last " + n + " blocks: the network has " + blocks.size()
                    + " " + blocks);
        }
        return n == blocks.size() ? null : blocks.get(blocks.size() - n - 1);
    }
}
