package org.transfer4j.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study's runner end to end at a toy size: every method and seed runs and the report adds up. */
class DomainStudyTest {
    @TempDir
    Path tmp;

    @Test
    void aTinyStudyRunsEveryMethodAndReportsTheGap() throws Exception {
        DomainStudyOptions o = new DomainStudyOptions();
        o.seeds = List.of(1L, 2L);
        o.steps = 15;
        o.batch = 16;
        o.sourceImages = 400;
        o.targetImages = 400;
        o.testImages = 300;
        o.outputDir = tmp;
        o.progress = false;
        DomainReport r = DomainStudy.run(o);
        assertEquals(10, r.runs().size());
        assertEquals(5, r.cells().size());
        DomainReport.Cell oracle = r.cells().get(4);
        DomainReport.Cell source = r.cells().get(0);
        assertEquals(oracle.mean() - source.mean(), r.gap(), 1e-12);
        for (DomainReport.Cell c : r.cells()) {
            assertEquals(c.method().adapts(), !Double.isNaN(c.gapRecovered()), c.toString());
            assertTrue(c.mean() > 0 && c.mean() <= 1);
        }
        for (String f : List.of(DomainReportWriter.MARKDOWN, DomainReportWriter.JSON, DomainReportWriter.CHART)) {
            assertTrue(Files.size(tmp.resolve(f)) > 0, f);
        }
    }
}
