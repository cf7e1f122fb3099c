package org.transfer4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.knowm.xchart.internal.chartpart.Chart;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;

/**
 * Writes any {@link Report} into a directory: its JSON, its charts, its further files, then its Markdown page with
 * the provenance appended (last, so a page on disk means the rest is there); each file atomically.
 */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String JSON = "report.json";

    private ReportWriter() {
    }

    public static void write(Report r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Json.writeFile(dir.resolve(r.jsonFile()), r);
        for (Map.Entry<String, Chart<?, ?>> c : r.charts().entrySet()) {
            Charts.savePng(c.getValue(), dir.resolve(c.getKey()));
        }
        for (Map.Entry<String, String> f : r.files().entrySet()) {
            AtomicFiles.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        AtomicFiles.writeString(dir.resolve(r.markdownFile()), r.toMarkdown()
                + (r.provenance() == null ? "" : r.provenance().markdown()));
    }
}
