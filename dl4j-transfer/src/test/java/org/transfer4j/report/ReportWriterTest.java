package org.transfer4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.transfer4j.common.Json;

/** Any report is written the same way: JSON, charts, files, then the page with its provenance. */
class ReportWriterTest {
    @TempDir
    Path tmp;

    record Tiny(String text, Provenance provenance) implements Report {
        @Override
        public String toMarkdown() {
            return "# " + text + "\n";
        }

        @Override
        public Map<String, Chart<?, ?>> charts() {
            XYChart c = new XYChartBuilder().width(200).height(100).build();
            c.addSeries("s", new double[] {1, 2}, new double[] {3, 4});
            return Map.of("tiny.png", c);
        }

        @Override
        public Map<String, String> files() {
            return Map.of("tiny.csv", "a,b\n1,2\n");
        }
    }

    @Test
    void everyPartIsWrittenAndThePageEndsWithTheProvenance() throws Exception {
        Provenance p = Provenance.of("data-fp", "weights-sha", Map.of("strategy", "x"));
        Tiny r = new Tiny("hello", p);
        ReportWriter.write(r, tmp.resolve("out"));
        Path dir = tmp.resolve("out");
        Tiny back = Json.readFile(dir.resolve(ReportWriter.JSON), Tiny.class);
        assertEquals(r, back, "the plan, a map, reads back equal");
        String page = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertEquals("# hello\n" + p.markdown(), page);
        assertTrue(Files.size(dir.resolve("tiny.png")) > 500);
        assertEquals("a,b\n1,2\n", Files.readString(dir.resolve("tiny.csv")));
        ReportWriter.write(new Tiny("bare", null), tmp.resolve("bare"));
        assertEquals("# bare\n", Files.readString(tmp.resolve("bare").resolve(ReportWriter.MARKDOWN)), "no provenance, no section");
    }

    @Test
    void theProvenanceSaysWhatItKnowsAndKeepsItsEnvironment() {
        Provenance p = Provenance.of("fp", null, null, 3);
        assertEquals("3", p.environment().get("parallelRuns"));
        assertTrue(p.environment().containsKey("nd4jBackend") && p.environment().containsKey("oneDnnLayerHelpers"));
        String md = p.markdown();
        assertTrue(md.startsWith("\n## Provenance\n\n- created: " + p.created() + "\n- data: fp\n"), md);
        assertFalse(md.contains("- weights:"), "no weights, no line: " + md);
        assertTrue(md.contains("- nd4jBackend: " + p.environment().get("nd4jBackend") + "\n"), md);
        assertTrue(Provenance.of(null, "w", null).markdown().contains("- weights: w\n"));
        assertFalse(Provenance.of(null, "w", null).markdown().contains("- data:"));
        Provenance later = p.withData("other");
        assertEquals("other", later.dataFingerprint());
        assertEquals(p.created(), later.created());
        assertEquals(p.environment(), later.environment());
        assertThrows(UnsupportedOperationException.class, () -> p.environment().put("x", "y"));
        assertEquals(Map.of(), new Provenance("t", null, null, null, null).environment());
        assertTrue(java.time.Instant.parse(p.created()).isBefore(java.time.Instant.now().plusSeconds(1)));
    }
}
