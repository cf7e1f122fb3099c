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

/**
 * What a person sees at the command line: for bad input one line and where the usage is (checked before any network
 * loads), never a stack trace.
 */
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

    /** The refusal's two lines: what is wrong, and where the options are listed (not the 100 lines of usage). */
    static void refusal(Outcome o, String command) {
        assertEquals(2, o.code(), o.err());
        assertEquals(2, o.err().lines().count(), o.err());
        assertTrue(o.err().lines().toList().get(1).equals("see 'transfer4j " + command + " --help' for the options"), o.err());
        assertFalse(o.err().contains("Usage:"), o.err());
        o.noStackTrace();
    }

    @Test
    void anUnknownOptionPrintsOneLineAndWhereTheUsageIs() {
        Outcome o = run("finetune", "--bogus");
        assertTrue(o.err().startsWith("error: Unknown option: '--bogus'"), o.err());
        refusal(o, "finetune");
    }

    @Test
    void aOneClassFolderIsRefusedNamingItBeforeTheBaseLoads() throws Exception {
        Path one = java.nio.file.Files.createDirectories(tmp.resolve("photos").resolve("cats"));
        org.transfer4j.common.ColourFolders.write(tmp.resolve("src"), 1, 1);
        java.nio.file.Files.copy(tmp.resolve("src").resolve("red").resolve("img0.png"), one.resolve("a.png"));
        // A base that is never loaded: the folder is refused first.
        Outcome o = run("finetune", "--base", "keras:" + tmp.resolve("absent.h5"), "--data", one.getParent().toString(),
                "--out", tmp.resolve("o").toString(), "--no-progress");
        assertTrue(o.err().startsWith("error: --base keras:") || o.err().contains("1 class sub-folder [cats]"), o.err());
        Outcome arch = run("finetune", "--base", "architecture:StudyLeNet", "--data", one.getParent().toString(),
                "--out", tmp.resolve("o").toString(), "--no-progress");
        assertTrue(arch.err().startsWith("error: image folder " + one.getParent() + " has 1 class sub-folder [cats];"
                + " a classifier needs at least 2"), arch.err());
        refusal(arch, "finetune");
    }

    @Test
    void anInputSizeOutOfRangeIsRefusedWithTheFlagsName() {
        Outcome o = run("finetune", "--base", "architecture:StudyLeNet", "--input-size", "8", "--out", tmp.toString());
        assertTrue(o.err().startsWith("error: --input-size must be 0 (the base's own size) or in [16, 1024], got 8"), o.err());
        refusal(o, "finetune");
    }

    @Test
    void predictAndEvaluateRefuseMissingPathsBeforeLoading() {
        Outcome noModel = run("predict", "--model", tmp.resolve("runs").toString(), tmp.toString());
        assertTrue(noModel.err().startsWith("error: "), noModel.err());
        Outcome noImages = run("predict", "--model", tmp.toString(), tmp.resolve("missing.png").toString());
        assertTrue(noImages.err().startsWith("error: " + tmp.resolve("missing.png") + " does not exist"), noImages.err());
        refusal(noImages, "predict");
        Outcome empty = run("predict", "--model", tmp.toString(), tmp.toString());
        assertTrue(empty.err().startsWith("error: folder " + tmp + " holds no image file"), empty.err());
        refusal(empty, "predict");
        Outcome noData = run("evaluate", "--model", tmp.toString(), "--data", tmp.resolve("nope").toString());
        assertTrue(noData.err().startsWith("error: --data " + tmp.resolve("nope") + " is not a folder"), noData.err());
        refusal(noData, "evaluate");
        Outcome noZip = run("evaluate", "--model", tmp.toString(), "--data", tmp.toString());
        assertTrue(noZip.err().startsWith("error: --model " + tmp + ": no model/model.zip"), noZip.err());
        refusal(noZip, "evaluate");
    }

    @Test
    void aBadValueIsQuotedInOneLine() {
        Outcome o = run("finetune", "--base", "architecture:StudyLeNet", "--strategy", "gradul", "--out", tmp.toString());
        assertTrue(o.err().startsWith("error: --strategy must be feature-extraction, fine-tune, gradual, file-freezing or scratch, got gradul"),
                o.err());
        refusal(o, "finetune");
    }

    @Test
    void theMissingDefaultBaseSaysHowToMakeIt() {
        Outcome o = run("finetune", "--out", tmp.toString(), "--no-progress");
        assertTrue(o.err().contains("lenet-source.zip does not exist") && o.err().contains("./transfer4j.sh study"), o.err());
        refusal(o, "finetune");
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
    void aGitLfsPointerForAKerasFileIsOneLine() throws Exception {
        java.nio.file.Path pointer = tmp.resolve("model.keras");
        java.nio.file.Files.writeString(pointer, "version https://git-lfs.example/spec/v1\noid sha256:" + "0".repeat(64)
                + "\nsize 2000000\n");
        for (Outcome o : java.util.List.of(run("inspect", pointer.toString()),
                run("finetune", "--base", "keras:" + pointer, "--data",
                        org.transfer4j.common.ColourFolders.write(tmp.resolve("photos"), 2, 1).toString()))) {
            assertEquals(1, o.code());
            assertTrue(o.err().contains("is a Git LFS pointer"), o.err());
            o.noStackTrace();
        }
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
    void inspectShowsTheOutputShapesOfAZipSavedWithItsPreprocessing() throws Exception {
        Path zip = tmp.resolve("graph.zip");
        ModelSerializer.writeModel(Architectures.build(Catalogue.builtIn().architecture("ResNet50"), 5), zip.toFile(), false);
        new org.transfer4j.data.image.PreprocessingRecord(org.transfer4j.data.image.ImagePreprocessing.unitRgb(64),
                java.util.List.of("a", "b")).attachTo(zip);
        Outcome o = run("inspect", zip.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        var rows = org.transfer4j.common.Json.MAPPER.readTree(o.out()).path("rows");
        java.util.Map<String, String> shapes = new java.util.HashMap<>();
        rows.forEach(r -> shapes.put(r.path("name").asText(), r.path("outputShape").asText()));
        assertEquals("[3, 64, 64]", shapes.get("input"), "the record's 64 px RGB input");
        assertTrue(shapes.get("res5c_branch2c").startsWith("[2048, "), "every vertex has a shape: " + shapes.get("res5c_branch2c"));
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

    @Test
    void predictAndEvaluateASavedRun() throws Exception {
        Path photos = org.transfer4j.common.ColourFolders.write(tmp.resolve("photos"), 8, 2);
        java.nio.file.Files.write(photos.resolve("red").resolve("broken.png"), new byte[0]);
        Path keras = Path.of("..", "zoo-import", "src", "test", "resources", "keras", "cnn_batchnorm.h5");
        Outcome fit = run("finetune", "--base", "keras:" + keras, "--data", photos.toString(), "--strategy",
                "feature-extraction", "--epochs", "2", "--batch", "8", "--out", tmp.resolve("run").toString(), "--no-progress");
        assertEquals(0, fit.code(), fit.err());
        Outcome p = run("predict", "--model", tmp.resolve("run").toString(), "--top", "2", "--out", tmp.resolve("p").toString(),
                photos.resolve("red").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("broken.png") && p.out().contains("empty file (0 bytes)"), p.out());
        assertTrue(p.out().contains("8 image(s) classified, 1 not usable"), p.out());
        java.util.List<String> csv = java.nio.file.Files.readAllLines(tmp.resolve("p").resolve("predictions.csv"));
        assertEquals("file,label,probability,label_2,probability_2,error", csv.get(0));
        assertEquals(10, csv.size());
        Outcome e = run("evaluate", "--model", tmp.resolve("run").toString(), "--data", photos.toString(), "--out",
                tmp.resolve("e").toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().startsWith("accuracy ") && e.out().contains("on 24 images") && e.out().contains("(1 file(s) not usable)"),
                e.out());
        assertTrue(java.nio.file.Files.isRegularFile(tmp.resolve("e").resolve("confusion-matrix.png")));
        assertTrue(java.nio.file.Files.readString(tmp.resolve("e").resolve("report.md")).contains("## Per class"));
    }
}
