package org.transfer4j.app.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class StudyOptionsTest {
    @Test
    void defaultsAreTheProtocol() {
        StudyOptions o = new StudyOptions().validate();
        assertEquals(List.of(10, 100, 1000), o.kValues);
        assertEquals(List.of(1L, 2L, 3L), o.seeds);
        assertEquals(3, o.sourceEpochs);
        assertEquals(64, o.batchSize);
    }

    @Test
    void parsesTheCommandLine() {
        StudyOptions o = new StudyOptions();
        new CommandLine(o).parseArgs("--k", "5,50", "--seeds", "7", "--target-classes", "5,7,9", "--out", "x/y");
        assertEquals(List.of(5, 50), o.kValues);
        assertEquals(List.of(7L), o.seeds);
        assertEquals(List.of(5, 7, 9), o.targetClasses);
        assertEquals(Paths.get("x/y"), o.outputDir);
    }

    @Test
    void helpListsTheOptions() {
        StringWriter sw = new StringWriter();
        new CommandLine(new StudyOptions()).usage(new PrintWriter(sw));
        for (String opt : List.of("--k", "--seeds", "--source-epochs", "--min-epochs", "--source-classes",
                "--target-classes", "--out", "--fashion-dir")) {
            assertTrue(sw.toString().contains(opt), opt + " in help:\n" + sw);
        }
    }

    @Test
    void badValuesAreQuoted() {
        StudyOptions o = new StudyOptions();
        o.kValues = List.of(10, -1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::validate);
        assertTrue(e.getMessage().contains("[10, -1]"), e.getMessage());
        StudyOptions dup = new StudyOptions();
        dup.seeds = List.of(1L, 1L);
        assertTrue(assertThrows(IllegalArgumentException.class, dup::validate).getMessage().contains("[1, 1]"));
        StudyOptions p = new StudyOptions();
        p.targetClasses = List.of(5, 12);
        assertTrue(assertThrows(IllegalArgumentException.class, p::validate).getMessage().contains("12"));
    }
}
