package org.transfer4j.zoo.text;

/**
 * Texts as a BERT-family encoder reads them: token ids, the attention mask (1 for a token, 0 for padding) and the
 * segment ids, each [texts, tokens], padded to the batch's longest text.
 */
public record EncodedBatch(long[][] ids, long[][] mask, long[][] types) {
    public int size() {
        return ids.length;
    }

    public int length() {
        return ids.length == 0 ? 0 : ids[0].length;
    }
}
