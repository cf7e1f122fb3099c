package org.transfer4j.zoo.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/** DL4J's WordPiece over the catalogue encoder's tokenizer.json against Hugging Face's own tokenizer (DJL's binding). */
class WordPieceTokenizerTest {
    @TempDir
    static Path cache;
    static Path json;
    static WordPieceTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        json = MiniLmFixture.files(cache).tokenizer();
        tokenizer = WordPieceTokenizer.fromTokenizerJson(json);
    }

    @Test
    void idsEqualHuggingFacesOnRealSentences() throws Exception {
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(json)) {
            for (String s : MiniLmFixture.SENTENCES) {
                Encoding e = reference.encode(s);
                int n = (int) Arrays.stream(e.getAttentionMask()).sum();
                assertArrayEquals(Arrays.copyOf(e.getIds(), n), tokenizer.ids(s, 128), s);
            }
        }
        assertEquals(30522, tokenizer.vocabularySize());
    }

    @Test
    void longTextsAreCutToMaxLengthWithTheirSeparator() {
        long[] ids = tokenizer.ids("word ".repeat(300), 16);
        assertEquals(16, ids.length);
        assertEquals(101, ids[0], "[CLS]");
        assertEquals(102, ids[15], "[SEP]");
    }

    @Test
    void aBatchIsPaddedToItsLongestTextWithAMask() {
        EncodedBatch b = tokenizer.encode(List.of("hello", "hello world again"), 128);
        assertEquals(2, b.size());
        assertEquals(5, b.length());
        assertArrayEquals(new long[] {1, 1, 1, 0, 0}, b.mask()[0]);
        assertArrayEquals(new long[] {1, 1, 1, 1, 1}, b.mask()[1]);
        assertEquals(0, b.ids()[0][4], "[PAD]");
        assertArrayEquals(new long[5], b.types()[1]);
    }

    @Test
    void aTokenizerThatIsNotWordPieceIsRefusedNamingTheField() throws Exception {
        Path bpe = cache.resolve("bpe.json");
        Files.writeString(bpe, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordPieceTokenizer.fromTokenizerJson(bpe));
        assertTrue(e.getMessage().contains("model.type") && e.getMessage().contains("bpe.json"), e.getMessage());
        Path noCls = cache.resolve("nocls.json");
        Files.writeString(noCls, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0, \"[SEP]\": 1}}}");
        e = assertThrows(IllegalArgumentException.class, () -> WordPieceTokenizer.fromTokenizerJson(noCls));
        assertTrue(e.getMessage().contains("[CLS]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.ids("x", 1));
        assertArrayEquals(new long[] {101, 102}, tokenizer.ids("anything", 2), "room for [CLS] and [SEP] only");
        Path noVocab = cache.resolve("novocab.json");
        Files.writeString(noVocab, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
        e = assertThrows(IllegalArgumentException.class, () -> WordPieceTokenizer.fromTokenizerJson(noVocab));
        assertTrue(e.getMessage().contains("model.vocab"), e.getMessage());
    }
}
