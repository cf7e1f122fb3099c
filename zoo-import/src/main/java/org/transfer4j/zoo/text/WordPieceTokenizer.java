package org.transfer4j.zoo.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.deeplearning4j.text.tokenization.tokenizerfactory.BertWordPieceTokenizerFactory;
import org.transfer4j.common.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * BERT's WordPiece tokenization of a Hugging Face {@code tokenizer.json}, through DL4J's
 * {@link BertWordPieceTokenizerFactory} (vocabulary read from the file's {@code model.vocab}, lower case and accent
 * stripping from its {@code normalizer}), into the three id arrays BERT-family encoders take.
 */
public final class WordPieceTokenizer {
    private final BertWordPieceTokenizerFactory factory;
    private final Map<String, Integer> vocab;
    private final int cls;
    private final int sep;
    private final int pad;
    private final int unk;

    private WordPieceTokenizer(NavigableMap<String, Integer> vocab, boolean lowerCase, boolean stripAccents,
                               String source) {
        this.vocab = vocab;
        this.factory = new BertWordPieceTokenizerFactory(vocab, lowerCase, stripAccents);
        this.cls = special(vocab, "[CLS]", source);
        this.sep = special(vocab, "[SEP]", source);
        this.pad = special(vocab, "[PAD]", source);
        this.unk = special(vocab, "[UNK]", source);
    }

    /** Reads a {@code tokenizer.json} whose model is WordPiece; the errors name the file and the field. */
    public static WordPieceTokenizer fromTokenizerJson(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not a readable tokenizer.json: " + e.getMessage(), e);
        }
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new IllegalArgumentException(file + ": model.type is '" + model.path("type").asText() + "'; only"
                    + " WordPiece tokenizers (BERT family) are supported");
        }
        JsonNode vocabNode = model.path("vocab");
        if (!vocabNode.isObject() || vocabNode.isEmpty()) {
            throw new IllegalArgumentException(file + ": model.vocab is missing or empty");
        }
        // DL4J's factory finds the longest matching piece by walking the map downwards: it requires reverse order.
        NavigableMap<String, Integer> vocab = new TreeMap<>(Collections.reverseOrder());
        vocabNode.fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        JsonNode normalizer = root.path("normalizer");
        boolean lowerCase = normalizer.path("lowercase").asBoolean(false);
        // Hugging Face's BertNormalizer: strip_accents null means "as lowercase" (BERT's uncased models strip them).
        JsonNode strip = normalizer.path("strip_accents");
        boolean stripAccents = strip.isNull() || strip.isMissingNode() ? lowerCase : strip.asBoolean();
        return new WordPieceTokenizer(vocab, lowerCase, stripAccents, file.toString());
    }

    /** The word pieces of one text, without the special tokens. */
    public List<String> tokens(String text) {
        return factory.create(text).getTokens();
    }

    /** Token ids of one text: [CLS] pieces [SEP], the pieces cut so the whole fits {@code maxLength}. */
    public long[] ids(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP], got " + maxLength);
        }
        List<String> pieces = tokens(text);
        int n = Math.min(pieces.size(), maxLength - 2);
        long[] ids = new long[n + 2];
        ids[0] = cls;
        for (int i = 0; i < n; i++) {
            ids[i + 1] = vocab.getOrDefault(pieces.get(i), unk);
        }
        ids[n + 1] = sep;
        return ids;
    }

    /** A batch padded to its longest text (at most {@code maxLength}), with its attention mask and segment ids. */
    public EncodedBatch encode(List<String> texts, int maxLength) {
        List<long[]> rows = new ArrayList<>(texts.size());
        int longest = 0;
        for (String t : texts) {
            long[] ids = ids(t, maxLength);
            rows.add(ids);
            longest = Math.max(longest, ids.length);
        }
        long[][] ids = new long[rows.size()][longest];
        long[][] mask = new long[rows.size()][longest];
        for (int r = 0; r < rows.size(); r++) {
            long[] row = rows.get(r);
            for (int c = 0; c < longest; c++) {
                ids[r][c] = c < row.length ? row[c] : pad;
                mask[r][c] = c < row.length ? 1 : 0;
            }
        }
        return new EncodedBatch(ids, mask, new long[rows.size()][longest]);
    }

    public int vocabularySize() {
        return vocab.size();
    }

    private static int special(Map<String, Integer> vocab, String token, String source) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException(source + ": model.vocab has no " + token + " token");
        }
        return id;
    }
}
