package org.transfer4j.app.domain;

import org.transfer4j.domain.DomainMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's runner end to end at a small size: every method and seed runs through the training loop,
 * the networks learn the source task, the shift is real (the target oracle beats source-only training
 * on target images), and the report's gap and recovered shares follow from the runs.
 */
class DomainStudyTest {
    @TempDir
    Path tmp;

    @Test
    void aTinyStudyRunsEveryMethodAndReportsTheGap() throws Exception {
        DomainStudyOptions o = new DomainStudyOptions();
        o.seeds = List.of(1L, 2L);
        o.steps = 80;
        o.batch = 32;
        o.sourceImages = 2000;
        o.targetImages = 2000;
        o.testImages = 500;
        o.outputDir = tmp;
        o.progress = false;
        DomainReport r = DomainStudy.run(o);
        org.transfer4j.app.report.ReportContract.check(r, tmp);
        assertEquals(10, r.runs().size());
        assertEquals(5, r.cells().size());
        DomainReport.Cell oracle = r.cells().get(4);
        DomainReport.Cell source = r.cells().get(0);
        double sourceOnTarget = meanTarget(r, DomainMethod.SOURCE_ONLY);
        double oracleOnTarget = meanTarget(r, DomainMethod.ORACLE);
        assertEquals(oracleOnTarget - sourceOnTarget, r.gap(), 1e-12, "gap = oracle - source only, on target test images");
        // Chance is 0.1: the source-only network learned the (unshifted) source task.
        double sourceOnSource = r.runs().stream().filter(x -> x.method() == DomainMethod.SOURCE_ONLY)
                .mapToDouble(DomainReport.Run::sourceAccuracy).average().orElseThrow();
        assertTrue(sourceOnSource >= 0.5, "source-only accuracy on source test images " + sourceOnSource);
        assertTrue(oracleOnTarget > sourceOnTarget + 0.05, "the shift costs accuracy: oracle " + oracleOnTarget
                + " vs source only " + sourceOnTarget);
        for (DomainReport.Cell c : r.cells()) {
            assertEquals(c.method().adapts(), !Double.isNaN(c.gapRecovered()), c.toString());
            if (c.method().adapts()) {
                double perSeed = o.seeds.stream().mapToDouble(seed -> (target(r, c.method(), seed) - target(r, DomainMethod.SOURCE_ONLY, seed))
                        / (target(r, DomainMethod.ORACLE, seed) - target(r, DomainMethod.SOURCE_ONLY, seed))).average().orElseThrow();
                assertEquals(perSeed, c.gapRecovered(), 1e-9, "share of each seed's gap recovered, averaged: " + c);
            }
        }
        for (String f : List.of(DomainReportWriter.MARKDOWN, DomainReportWriter.JSON, DomainReportWriter.CHART)) {
            assertTrue(Files.size(tmp.resolve(f)) > 0, f);
        }
    }

    static double meanTarget(DomainReport r, DomainMethod m) {
        return r.runs().stream().filter(x -> x.method() == m).mapToDouble(DomainReport.Run::targetAccuracy).average().orElseThrow();
    }

    static double target(DomainReport r, DomainMethod m, long seed) {
        return r.runs().stream().filter(x -> x.method() == m && x.seed() == seed).findFirst().orElseThrow().targetAccuracy();
    }
}
