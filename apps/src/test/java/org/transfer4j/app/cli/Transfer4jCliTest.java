package org.transfer4j.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Catalogue;

/** What a person sees at the command line: one line and the usage for bad input, never a stack trace. */
class Transfer4jCliTest {
    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {
        void noStackTrace() {
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace:\n" + err);
        }
    }

    static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Transfer4jCli.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void anUnknownOptionPrintsOneLineAndTheUsage() {
        Outcome o = run("finetune", "--bogus");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("Unknown option: '--bogus'"), o.err());
        assertTrue(o.err().contains("Usage: transfer4j finetune"), o.err());
        o.noStackTrace();
    }

    @Test
    void aBadValueIsQuotedWithTheUsage() {
        Outcome o = run("finetune", "--base", "architecture:StudyLeNet", "--strategy", "gradul", "--out", tmp.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("error: --strategy must be feature-extraction, fine-tune, gradual, file-freezing or scratch, got gradul"),
                o.err());
        assertTrue(o.err().contains("Usage: transfer4j finetune"), o.err());
        o.noStackTrace();
    }

    @Test
    void theMissingDefaultBaseSaysHowToMakeIt() {
        Outcome o = run("finetune", "--out", tmp.toString(), "--no-progress");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("lenet-source.zip does not exist") && o.err().contains("./transfer4j.sh study"), o.err());
        o.noStackTrace();
    }

    @Test
    void aMissingFileIsOneLine() {
        Outcome o = run("inspect", tmp.resolve("nothing.h5").toString());
        assertEquals(1, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("error: ") && o.err().contains("nothing.h5"), o.err());
        o.noStackTrace();
    }

    @Test
    void inspectReadsAMultiLayerNetworkZip() throws Exception {
        Path zip = tmp.resolve("lenet.zip");
        ModelSerializer.writeModel(Architectures.build(Catalogue.builtIn().architecture("StudyLeNet"), 5, 1), zip.toFile(), false);
        Outcome o = run("inspect", zip.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("conv1") && o.out().contains("428,575 total"), o.out());
    }

    @Test
    void theSharedFlagsAreDeclaredOnceAndEveryDataCommandTakesThem() {
        picocli.CommandLine cli = new picocli.CommandLine(new Transfer4jCli());
        int sharing = 0;
        for (var e : cli.getSubcommands().entrySet()) {
            for (String flag : java.util.List.of("--fashion-dir", "--no-progress")) {
                picocli.CommandLine.Model.OptionSpec o = e.getValue().getCommandSpec().findOption(flag);
                if (o != null) {
                    sharing++;
                    var field = (java.lang.reflect.Field) o.userObject();
                    assertEquals(org.transfer4j.app.launch.CommonOptions.class, field.getDeclaringClass(),
                            e.getKey() + " " + flag + " comes from the one declaration");
                }
            }
        }
        for (String command : java.util.List.of("finetune", "study", "pretrained-study", "domain", "advise", "sweep")) {
            assertTrue(cli.getSubcommands().get(command).getCommandSpec().findOption("--fashion-dir") != null, command);
        }
        assertTrue(sharing >= 12, "six commands, two flags each: " + sharing);
    }
}
