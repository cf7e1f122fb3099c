package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.plan.Strategy;
import org.transfer4j.text.TextData;
import org.transfer4j.text.TextExamples;

/**
 * The README's text example ({@code // example:text}) with the real all-MiniLM-L6-v2: a folder of 48 support tickets
 * in three classes (test resource {@code text/tickets.tsv}, written for this test), feature extraction and
 * fine-tuning of the top two blocks, a prediction, and the saved classifier reloaded.
 */
class TextReadmeIT {
    @TempDir
    static Path tmp;
    static Path tickets;

    @BeforeAll
    static void folder() throws Exception {
        TextExamples t = TextExamples.table(Path.of(TextReadmeIT.class.getResource("/text/tickets.tsv").toURI()));
        tickets = tmp.resolve("tickets");
        for (int i = 0; i < t.size(); i++) {
            Path f = tickets.resolve(t.classes().get(t.labels().get(i))).resolve(String.format("%02d.txt", i));
            Files.createDirectories(f.getParent());
            Files.writeString(f, t.texts().get(i));
        }
    }

    @Test
    void featureExtractionAndFineTuningOnAFolderOfTextsThenAPrediction() throws Exception {
        Path out = tmp.resolve("runs");
        // example:text
        TextClassifier features = TextTransfer.from("all-minilm-l6-v2")       // feature extraction, the default
                .fit(TextData.of(tickets), Fit.epochs(10));
        TextClassifier tuned = TextTransfer.from("all-minilm-l6-v2")
                .strategy(Strategy.lastBlocks(2, 0.01, 1.0))                   // the top 2 blocks at 1e-4, embeddings frozen
                .fit(TextData.of(tickets), Fit.epochs(3));
        System.out.printf("test accuracy: %.3f features, %.3f fine-tuned%n",
                features.report().testAccuracy(), tuned.report().testAccuracy());
        Prediction p = tuned.predict(List.of("The printer on floor 2 is out of toner")).get(0);
        System.out.println(p.label() + " " + p.probability());
        tuned.save(out);
        // end
        assertEquals(List.of("account", "network", "printing"), features.classes());
        assertEquals(6, features.report().testTexts(), "10% of each class of 16, rounded");
        assertTrue(features.report().testAccuracy() >= 4.0 / 6, "features " + features.report().testAccuracy());
        assertTrue(tuned.report().testAccuracy() >= 4.0 / 6, "fine-tuned " + tuned.report().testAccuracy());
        assertEquals("printing", p.label());
        assertEquals(2, tuned.report().fineTunedBlocks());
        assertTrue(!tuned.report().fineTuningEpochs().isEmpty());
        assertTrue(features.report().fineTuningEpochs().isEmpty());

        List<String> unseen = List.of("wifi is down in building B", "reset my password please", "paper jam in tray 2");
        double[][] before = tuned.probabilities(unseen);
        TextClassifier reloaded = TextClassifier.load(out);
        double[][] after = reloaded.probabilities(unseen);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], 1e-5, "the saved classifier predicts the same");
        }
        assertEquals(List.of("network", "account", "printing"),
                reloaded.predict(unseen).stream().map(Prediction::label).toList());
    }
}
