package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.plan.Strategy;
import org.transfer4j.text.TextData;

/** Bad settings are refused when set, and bad data before the encoder loads (none of these tests loads it). */
class TextTransferTest {
    @TempDir
    Path tmp;

    @Test
    void unknownEncodersAndUnsupportedSettingsAreRefusedWhenSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextTransfer.from("bert-nope"));
        assertTrue(e.getMessage().contains("all-minilm-l6-v2"), "names the known encoders: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextTransfer.from(" "));
        TextTransfer t = TextTransfer.from("all-minilm-l6-v2");
        e = assertThrows(IllegalArgumentException.class, () -> t.strategy(Strategy.gradual(2)));
        assertTrue(e.getMessage().contains("lastBlocks"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.strategy(Strategy.lastBlocks(2, 0.1, 0.5)));
        assertTrue(e.getMessage().contains("perBlockDecay"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.learningRate(0));
        assertThrows(IllegalArgumentException.class, () -> t.learningRate(1));
        t.strategy(Strategy.lastBlocks(1, 0.01, 1.0)).learningRate(0.5).seed(3);
    }

    @Test
    void checkpointsAndMissingDataAreRefusedBeforeTheEncoderLoads() {
        TextTransfer t = TextTransfer.from("all-minilm-l6-v2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.fit(TextData.of(tmp), Fit.epochs(1).checkpoints(tmp.resolve("ck"))));
        assertTrue(e.getMessage().contains("checkpoints"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.fit(TextData.of(tmp.resolve("none.csv")), Fit.epochs(1)));
        assertTrue(e.getMessage().contains("none.csv"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.fit(TextData.of(tmp), Fit.epochs(1)));
        assertTrue(e.getMessage().contains("two classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.fit(null, Fit.epochs(1)));
    }
}
