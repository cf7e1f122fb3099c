package org.transfer4j.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.data.fashion.ShiftedDomain;
import org.transfer4j.plan.DomainMethod;

/**
 * The study's runner end to end at a small size: every method, shift and seed runs through the training loop, the
 * networks learn the source task, source only and AdaBN share one training per seed, and the report's shares of the
 * gap and the shifts' verdicts follow from the runs by the rules the report states.
 */
class DomainStudyTest {
    @TempDir
    Path tmp;

    @Test
    void aTinyStudyRunsEveryMethodOnEveryShiftAndJudgesTheShifts() throws Exception {
        DomainStudyOptions o = new DomainStudyOptions();
        o.seeds = List.of(1L, 2L);
        o.methods = List.of(DomainMethod.values()); // the default run leaves CDAN and JAN out
        o.shifts = List.of(ShiftedDomain.Kind.OVERLAY, ShiftedDomain.Kind.SKETCH);
        o.steps = 60;
        o.batch = 16;
        o.sourceImages = 1000;
        o.targetImages = 1000;
        o.testImages = 300;
        o.outputDir = tmp;
        o.progress = false;
        DomainReport r = DomainStudy.run(o);
        org.transfer4j.app.report.ReportContract.check(r, tmp);
        assertEquals(2 * 2 * DomainMethod.values().length, r.runs().size(), "every method on every shift with every seed");
        assertEquals(2 * DomainMethod.values().length, r.cells().size());
        for (long seed : o.seeds) {
            // Source only is one network per seed: one source accuracy whatever the shift.
            assertEquals(1, r.runs().stream().filter(x -> x.method() == DomainMethod.SOURCE_ONLY && x.seed() == seed)
                    .mapToDouble(DomainReport.Run::sourceAccuracy).distinct().count());
        }
        double clean = r.runs().stream().filter(x -> x.method() == DomainMethod.SOURCE_ONLY)
                .mapToDouble(DomainReport.Run::sourceAccuracy).average().orElseThrow();
        assertTrue(clean >= 0.5, "source only learned the source task: " + clean);
        for (DomainReport.Cell c : r.cells()) {
            assertEquals(DomainReport.isBaseline(c.method()), Double.isNaN(c.gapRecovered()), c.toString());
            if (!DomainReport.isBaseline(c.method())) {
                double perSeed = o.seeds.stream().mapToDouble(seed -> (target(r, c.shift(), c.method(), seed)
                        - target(r, c.shift(), DomainMethod.SOURCE_ONLY, seed)) / (target(r, c.shift(), DomainMethod.ORACLE, seed)
                        - target(r, c.shift(), DomainMethod.SOURCE_ONLY, seed))).average().orElseThrow();
                assertEquals(perSeed, c.gapRecovered(), 1e-9, "share of each seed's gap recovered, averaged: " + c);
            }
        }
        for (DomainReport.Shift s : r.shifts()) {
            double low = mean(r, s.shift(), DomainMethod.SOURCE_ONLY);
            double high = mean(r, s.shift(), DomainMethod.ORACLE);
            assertEquals(clean, s.clean(), 1e-12);
            assertEquals(high >= clean - 0.05 && high - low >= 0.15, s.accepted(), s.toString());
        }
        String md = Files.readString(tmp.resolve(DomainReportWriter.MARKDOWN));
        assertTrue(md.contains("Protocol") && md.contains("OVERLAY") && md.contains("SKETCH") && md.contains("**The bar**"), md);
        for (String f : List.of(DomainReportWriter.MARKDOWN, DomainReportWriter.JSON, DomainReportWriter.CHART)) {
            assertTrue(Files.size(tmp.resolve(f)) > 0, f);
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnyWork() {
        DomainStudyOptions o = new DomainStudyOptions();
        o.track = "resnet";
        assertTrue(assertThrows(IllegalArgumentException.class, o::validate).getMessage().contains("--track"));
        DomainStudyOptions p = new DomainStudyOptions();
        p.dannAt = "conv1";
        assertTrue(assertThrows(IllegalArgumentException.class, p::validate).getMessage().contains("--dann-at"));
        DomainStudyOptions q = new DomainStudyOptions();
        q.targetImages = 25000;
        assertTrue(assertThrows(IllegalArgumentException.class, q::validate).getMessage().contains("--target-images"));
    }

    static double mean(DomainReport r, String shift, DomainMethod m) {
        return r.runs().stream().filter(x -> x.shift().equals(shift) && x.method() == m)
                .mapToDouble(DomainReport.Run::targetAccuracy).average().orElseThrow();
    }

    static double target(DomainReport r, String shift, DomainMethod m, long seed) {
        return r.runs().stream().filter(x -> x.shift().equals(shift) && x.method() == m && x.seed() == seed).findFirst()
                .orElseThrow().targetAccuracy();
    }
}
