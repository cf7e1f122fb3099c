package org.transfer4j.zoo.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.OfflineException;
import org.transfer4j.common.Sha256;
import org.transfer4j.zoo.catalogue.MavenArtifact;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;

/** The Maven source over a local repository written here and a stand-in {@code mvn} that "downloads" into it. */
class MavenJarSourceTest {
    private static final byte[] MODEL = "model bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOKENIZER = "{\"tokenizer\": true}".getBytes(StandardCharsets.UTF_8);
    private static final MavenArtifact ARTIFACT = new MavenArtifact("org.example.models", "tiny-encoder", "1.0", null);

    @TempDir
    Path tmp;

    @AfterEach
    void online() {
        System.clearProperty(CacheRoot.OFFLINE_PROPERTY);
    }

    @Test
    void filesComeFromTheLocalRepositoryVerifiedIntoTheCacheAndThenFromTheCache() throws Exception {
        Path repo = tmp.resolve("repo");
        writeJar(repo.resolve(ARTIFACT.repositoryPath()), MODEL, TOKENIZER);
        MavenJarSource source = new MavenJarSource(tmp.resolve("cache"), repo, "mvn-must-not-run");
        MavenJarSource.EncoderFiles files = source.resolve(entry(Sha256.of(MODEL), Sha256.of(TOKENIZER)));
        assertEquals(tmp.resolve("cache/org.example.models+tiny-encoder-1.0/t4j-test-model.onnx"), files.model());
        assertEquals("model bytes", Files.readString(files.model()));
        Files.delete(repo.resolve(ARTIFACT.repositoryPath()));
        assertEquals(files, source.resolve(entry(Sha256.of(MODEL), Sha256.of(TOKENIZER))), "cached, verified");
    }

    @Test
    void aFileWhoseChecksumDiffersIsRefusedAndNothingIsCached() throws Exception {
        Path repo = tmp.resolve("repo");
        writeJar(repo.resolve(ARTIFACT.repositoryPath()), MODEL, TOKENIZER);
        MavenJarSource source = new MavenJarSource(tmp.resolve("cache"), repo, "mvn-must-not-run");
        IOException e = assertThrows(IOException.class, () -> source.resolve(entry("0".repeat(64), Sha256.of(TOKENIZER))));
        assertTrue(e.getMessage().contains("t4j-test-model.onnx") && e.getMessage().contains("0".repeat(64)), e.getMessage());
        assertTrue(Files.notExists(source.directoryOf(ARTIFACT).resolve("t4j-test-model.onnx")));
    }

    @Test
    void offlineAndAbsentTheErrorSaysWhatToRun() {
        System.setProperty(CacheRoot.OFFLINE_PROPERTY, "true");
        MavenJarSource source = new MavenJarSource(tmp.resolve("cache"), tmp.resolve("empty-repo"), "mvn-must-not-run");
        OfflineException e = assertThrows(OfflineException.class,
                () -> source.resolve(entry(Sha256.of(MODEL), Sha256.of(TOKENIZER))));
        assertTrue(e.getMessage().contains("mvn dependency:get -Dartifact=org.example.models:tiny-encoder:1.0"), e.getMessage());
    }

    @Test
    void onlineAndAbsentMavenFetchesTheJar() throws Exception {
        Path stock = tmp.resolve("stock.jar");
        writeJar(stock, MODEL, TOKENIZER);
        Path mvn = tmp.resolve("mvn");
        // A stand-in for mvn dependency:get: copies the jar to the -Dmaven.repo.local layout it is asked for.
        Files.writeString(mvn, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -Dmaven.repo.local=*) repo=\"${a#*=}\";;"
                + " -Dartifact=*) art=\"${a#*=}\";; esac; done\n"
                + "[ \"$art\" = org.example.models:tiny-encoder:1.0 ] || { echo \"unexpected $art\"; exit 3; }\n"
                + "d=\"$repo/org/example/models/tiny-encoder/1.0\"; mkdir -p \"$d\" && cp " + stock + " \"$d/tiny-encoder-1.0.jar\"\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));
        MavenJarSource source = new MavenJarSource(tmp.resolve("cache"), tmp.resolve("repo"), mvn.toString());
        MavenJarSource.EncoderFiles files = source.resolve(entry(Sha256.of(MODEL), Sha256.of(TOKENIZER)));
        assertEquals("{\"tokenizer\": true}", Files.readString(files.tokenizer()));
        assertTrue(Files.isRegularFile(tmp.resolve("repo").resolve(ARTIFACT.repositoryPath())));
    }

    @Test
    void aJarWithoutTheFileSaysTheEntryDoesNotMatch() throws Exception {
        Path repo = tmp.resolve("repo");
        writeJar(repo.resolve(ARTIFACT.repositoryPath()), MODEL, null);
        MavenJarSource source = new MavenJarSource(tmp.resolve("cache"), repo, "mvn-must-not-run");
        IOException e = assertThrows(IOException.class, () -> source.resolve(entry(Sha256.of(MODEL), Sha256.of(TOKENIZER))));
        assertTrue(e.getMessage().contains("t4j-test-tokenizer.json"), e.getMessage());
    }

    private static TextEncoderEntry entry(String modelSha, String tokenizerSha) {
        return new TextEncoderEntry("tiny", ARTIFACT, "t4j-test-model.onnx", modelSha, "t4j-test-tokenizer.json",
                tokenizerSha, List.of("input_ids", "attention_mask"), "out", 8, 1, 16, "mean", false, List.of("/l0/"), null);
    }

    private static void writeJar(Path jar, byte[] model, byte[] tokenizer) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(o)) {
            zip.putNextEntry(new ZipEntry("t4j-test-model.onnx"));
            zip.write(model);
            if (tokenizer != null) {
                zip.putNextEntry(new ZipEntry("t4j-test-tokenizer.json"));
                zip.write(tokenizer);
            }
        }
    }
}
