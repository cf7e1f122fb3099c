package org.transfer4j.zoo.catalogue;

import java.util.List;

import org.transfer4j.common.Normalization;

/**
 * One pretrained weight file and everything needed to use it correctly: where it is, how to check
 * it, what input it wants and how that input is prepared, and the named vertices that transfer
 * learning needs. "Unfreeze the last N blocks" is
 * {@code VertexNames.freezeVertexForLastBlocks} in dl4j-transfer, over {@link #blocks()}.
 *
 * @param namesVerified whether the vertex names were confirmed for the weight file itself (they come
 *                      from published summaries of the converted files; false where inferred)
 */
public record ModelEntry(String id, String architecture, WeightsFile weights, List<Integer> inputShape,
                         String channelOrder, Normalization preprocessing, int numClasses, String labels, String input,
                         String featureVertex, String classifierVertex, List<String> blocks, boolean namesVerified,
                         String notes) {

    public ModelEntry {
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("model id must be lower-case [a-z0-9._-], got " + id);
        }
        if (weights == null) {
            throw new IllegalArgumentException(id + ": weights is required");
        }
        if (inputShape == null || inputShape.size() != 3 || inputShape.stream().anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(id + ": inputShape must be [channels, height, width], got " + inputShape);
        }
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
    }
}
