package org.transfer4j.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.transfer4j.common.Json;
import org.transfer4j.report.Report;

/**
 * The contract every {@link Report} keeps, checked on a real instance of each (the tests that produce a training run,
 * each study, a domain run, a sweep and the advice call it on what they produced and where it was written): its JSON
 * reads back as the same kind of report with the same provenance, its page ends with that provenance, and every chart
 * and file it names is on disk.
 */
public final class ReportContract {
    private ReportContract() {
    }

    public static void check(Report r, Path dir) throws IOException {
        assertNotNull(r.provenance(), r.getClass().getSimpleName() + " carries its provenance");
        assertTrue(r.provenance().environment().containsKey("nd4jBackend"), "the provenance names the backend");
        Report back = Json.readFile(dir.resolve(r.jsonFile()), r.getClass());
        assertEquals(r.provenance().created(), back.provenance().created(), "the JSON holds the provenance");
        assertEquals(r.provenance().environment(), back.provenance().environment());
        assertEquals(r.provenance().dataFingerprint(), back.provenance().dataFingerprint());
        String page = Files.readString(dir.resolve(r.markdownFile()));
        assertTrue(page.startsWith(r.toMarkdown()) && page.endsWith(r.provenance().markdown()),
                "the page is the report's, then its provenance");
        for (String f : r.charts().keySet()) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f + " is a chart on disk");
        }
        for (var f : r.files().entrySet()) {
            assertEquals(f.getValue(), Files.readString(dir.resolve(f.getKey())), f.getKey());
        }
    }
}
