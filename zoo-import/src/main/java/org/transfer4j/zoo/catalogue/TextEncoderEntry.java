package org.transfer4j.zoo.catalogue;

import java.util.List;

/**
 * One pretrained text encoder of the BERT family, as data: where its ONNX file and Hugging Face
 * {@code tokenizer.json} are (files inside a Maven jar, each with its SHA-256), the graph's input and output names,
 * its width and depth, the longest input it is used with, how token states become one vector per text, and the
 * names of its transformer blocks (the prefixes of their nodes, bottom to top) for fine-tuning the top ones.
 */
public record TextEncoderEntry(String id, MavenArtifact maven, String model, String modelSha256, String tokenizer,
                               String tokenizerSha256, List<String> inputs, String output, int hidden, int layers,
                               int maxLength, String pooling, boolean normalize, List<String> blocks, String notes) {
    public TextEncoderEntry {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("text encoder: id is missing");
        }
        if (maven == null || model == null || tokenizer == null) {
            throw new IllegalArgumentException(id + ": maven, model and tokenizer are required");
        }
        if (!sha(modelSha256) || !sha(tokenizerSha256)) {
            throw new IllegalArgumentException(id + ": modelSha256 and tokenizerSha256 must be 64 hex digits");
        }
        if (inputs == null || inputs.size() < 2 || inputs.size() > 3) {
            throw new IllegalArgumentException(id + ": inputs lists the ids, mask and (optional) segment inputs, got "
                    + inputs);
        }
        if (!"mean".equals(pooling) && !"cls".equals(pooling)) {
            throw new IllegalArgumentException(id + ": pooling must be mean or cls, got " + pooling);
        }
        if (hidden < 1 || layers < 1 || maxLength < 2 || blocks == null || blocks.size() != layers) {
            throw new IllegalArgumentException(id + ": hidden, layers, maxLength must be positive and blocks must name"
                    + " each of the " + layers + " layers");
        }
        inputs = List.copyOf(inputs);
        blocks = List.copyOf(blocks);
    }

    private static boolean sha(String s) {
        return s != null && s.matches("[0-9a-f]{64}");
    }
}
