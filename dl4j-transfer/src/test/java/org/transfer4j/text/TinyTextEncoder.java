package org.transfer4j.text;

import java.nio.file.Path;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.zoo.catalogue.MavenArtifact;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;
import org.transfer4j.zoo.text.TextEncoder;
import org.transfer4j.zoo.text.WordPieceTokenizer;

/**
 * A text encoder small enough for fast tests, with the real encoder's interface: the catalogue tokenizer's ids in,
 * token states [texts, tokens, 8] out, from one "block" whose weights are float constants (as an imported graph's
 * are): states = sin(id x w1) * w2 + b. Word ids carry the words, so classes of different words are separable.
 */
public final class TinyTextEncoder {
    public static final int WIDTH = 8;

    private TinyTextEncoder() {
    }

    public static TextEncoder create(Path tokenizerJson, String id) throws Exception {
        SameDiff sd = SameDiff.create();
        SDVariable ids = sd.placeHolder("input_ids", DataType.INT64, -1, -1);
        sd.placeHolder("attention_mask", DataType.INT64, -1, -1);
        float[] a = new float[WIDTH];
        for (int i = 0; i < WIDTH; i++) {
            a[i] = 0.001f * (i + 1) * (i % 2 == 0 ? 1 : -1.3f);
        }
        SDVariable w1 = sd.constant("blk.w1", Nd4j.createFromArray(a).reshape(1, 1, WIDTH));
        SDVariable w2 = sd.constant("blk.w2", Nd4j.ones(DataType.FLOAT, 1, 1, WIDTH));
        SDVariable b = sd.constant("blk.b", Nd4j.zeros(DataType.FLOAT, 1, 1, WIDTH));
        SDVariable x = sd.expandDims("blk/expand", sd.castTo("blk/cast", ids, DataType.FLOAT), 2);
        SDVariable h = sd.math.sin("blk/sin", x.mul("blk/scale", w1)).mul("blk/mul", w2).add("blk/states", b);
        TextEncoderEntry e = new TextEncoderEntry(id, new MavenArtifact("t", "t", "1", null), "m", "a".repeat(64), "t",
                "b".repeat(64), List.of("input_ids", "attention_mask"), h.name(), WIDTH, 1, 32, "mean", false,
                List.of("blk/"), "a test encoder");
        return new TextEncoder(e, sd, WordPieceTokenizer.fromTokenizerJson(tokenizerJson));
    }
}
