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
 * @param format        {@code dl4j} (a ModelSerializer zip, the default) or {@code tfjs} (a TF.js layers model:
 *                      its weights file is the model artifact, its architecture comes from the file)
 * @param npm           for weights shipped in an npm package, the package; then {@code weights.path} is the
 *                      model file inside the package
 */
public record ModelEntry(String id, String architecture, WeightsFile weights, List<Integer> inputShape,
                         String channelOrder, Normalization preprocessing, int numClasses, String labels, String input,
                         String featureVertex, String classifierVertex, List<String> blocks, boolean namesVerified,
                         String notes, String format, NpmPackage npm) {

    /** A DL4J zip entry. */
    public ModelEntry(String id, String architecture, WeightsFile weights, List<Integer> inputShape, String channelOrder,
                      Normalization preprocessing, int numClasses, String labels, String input, String featureVertex,
                      String classifierVertex, List<String> blocks, boolean namesVerified, String notes) {
        this(id, architecture, weights, inputShape, channelOrder, preprocessing, numClasses, labels, input, featureVertex,
                classifierVertex, blocks, namesVerified, notes, null, null);
    }

    /** Whether the weights are a TF.js layers model (its architecture is in the file, not the catalogue). */
    public boolean isTfjs() {
        return "tfjs".equals(format);
    }

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
        format = format == null ? "dl4j" : format;
        if (!format.equals("dl4j") && !format.equals("tfjs")) {
            throw new IllegalArgumentException(id + ": format must be dl4j or tfjs, got " + format);
        }
        if (format.equals("dl4j") && architecture == null) {
            throw new IllegalArgumentException(id + ": a dl4j entry names its architecture");
        }
    }
}
