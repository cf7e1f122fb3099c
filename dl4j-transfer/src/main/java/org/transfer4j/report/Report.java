package org.transfer4j.report;

import java.util.Map;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What every report of transfer4j is (a training run, the studies, domain adaptation, a sweep, the advice): a value
 * written as JSON, a Markdown page a person reads, its charts, and the {@link Provenance} it was made under.
 * {@link ReportWriter} writes them all the same way.
 */
public interface Report {
    /** Where the result came from. */
    Provenance provenance();

    /** The page a person reads (the writer appends the provenance). */
    String toMarkdown();

    /** Charts by file name (PNG). */
    default Map<String, Chart<?, ?>> charts() {
        return Map.of();
    }

    /** Further text files by name (a CSV). */
    default Map<String, String> files() {
        return Map.of();
    }

    /** The Markdown file's name. */
    default String markdownFile() {
        return ReportWriter.MARKDOWN;
    }

    /** The JSON file's name. */
    default String jsonFile() {
        return ReportWriter.JSON;
    }
}
