package org.transfer4j.app.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.transfer4j.text.TextExamples;

/** The study's summary (means and sample sds over seeds) and its bag-of-words baseline, on hand-checked numbers. */
class TextStudyTest {
    @Test
    void cellsAreMeansAndSampleStandardDeviationsPerKAndMethod() {
        List<TextStudyReport.Run> runs = List.of(
                new TextStudyReport.Run(10, "a", 1, 0.5, 1), new TextStudyReport.Run(10, "a", 2, 0.7, 1),
                new TextStudyReport.Run(10, "b", 1, 0.9, 1), new TextStudyReport.Run(100, "a", 1, 0.8, 1));
        List<TextStudyReport.Cell> cells = TextStudy.cells(runs);
        TextStudyReport.Cell a10 = TextStudy.find(cells, 10, "a");
        assertEquals(0.6, a10.mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), a10.sd(), 1e-12, "sample sd of 0.5 and 0.7");
        assertEquals(0.0, TextStudy.find(cells, 100, "a").sd(), "one seed: no spread");
        assertEquals(List.of(0.9), TextStudy.find(cells, 10, "b").accuracies());
        assertThrows(java.util.NoSuchElementException.class, () -> TextStudy.find(cells, 100, "b"));
        TextStudyReport r = new TextStudyReport(Map.of(), "task", List.of("x", "y"), 4, runs, cells,
                List.of(new TextStudyReport.Verdict(10, 0.9, 0.6, 0.3, 0.14, true)), 1, null);
        String md = r.toMarkdown();
        assertTrue(md.contains("| a | 0.6000 (sd 0.1414) | 0.8000 (sd 0.0000) |"), md);
        assertTrue(md.contains("| b | 0.9000 (sd 0.0000) | - |"), md);
        assertTrue(md.contains("the encoder wins by more than the spread"), md);
    }

    @Test
    void naiveBayesCountsWordsWithLaplaceSmoothing() {
        TextExamples train = TextExamples.of(Map.of("fruit", List.of("apple banana apple", "banana cherry"),
                "tools", List.of("hammer nail", "saw hammer drill")), "t");
        NaiveBayes nb = new NaiveBayes(train);
        // By hand: vocabulary of 7 words; fruit has 5 words (apple 2), tools 5 (apple 0).
        // P(apple|fruit) = 3/12, P(apple|tools) = 1/12, equal priors: "apple" is fruit, "drill" is tools.
        assertEquals(0, nb.predict("Apple!"));
        assertEquals(1, nb.predict("a drill"));
        assertEquals(1.0, nb.accuracy(train));
        assertEquals(0, nb.predict("unknown words only"), "no evidence: the first of equal priors");
    }
}
