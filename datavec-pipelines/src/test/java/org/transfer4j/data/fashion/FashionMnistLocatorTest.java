package org.transfer4j.data.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.LocalHttpServer;

class FashionMnistLocatorTest {
    /** Installed by .ci/run (apt-get install dataset-fashion-mnist); the tests need the real files. */
    static final Path DEBIAN = Paths.get(FashionMnistLocator.DEBIAN_DIR);
    static final URI NO_SERVER = URI.create("http://127.0.0.1:9/");

    @TempDir
    Path tmp;

    @Test
    void explicitDirectoryComesFirst() throws IOException {
        Path explicit = IdxFiles.dataset(tmp.resolve("explicit"), 20, 10, false);
        Path cache = IdxFiles.dataset(tmp.resolve("cache"), 20, 10, true);
        assertEquals(explicit, new FashionMnistLocator(explicit, cache, DEBIAN, NO_SERVER, false).locate());
    }

    @Test
    void cacheComesBeforeDebianAndDebianBeforeDownload() throws IOException {
        Path cache = IdxFiles.dataset(tmp.resolve("cache"), 20, 10, true);
        assertEquals(cache, new FashionMnistLocator(null, cache, DEBIAN, NO_SERVER, false).locate());
        Path emptyCache = tmp.resolve("empty-cache");
        assertEquals(DEBIAN, new FashionMnistLocator(null, emptyCache, DEBIAN, NO_SERVER, false).locate());
    }

    @Test
    void theSystemPropertyComesBeforeTheCacheAndABlankOneIsIgnored() throws IOException {
        Path viaProperty = IdxFiles.dataset(tmp.resolve("prop"), 20, 10, false);
        Path cache = IdxFiles.dataset(tmp.resolve("cache"), 20, 10, true);
        String before = System.getProperty(FashionMnistLocator.DIR_PROPERTY);
        try {
            System.setProperty(FashionMnistLocator.DIR_PROPERTY, viaProperty.toString());
            assertEquals(viaProperty, new FashionMnistLocator(null, cache, DEBIAN, NO_SERVER, false).locate());
            System.setProperty(FashionMnistLocator.DIR_PROPERTY, " ");
            assertEquals(cache, new FashionMnistLocator(null, cache, DEBIAN, NO_SERVER, false).locate());
        } finally {
            if (before == null) {
                System.clearProperty(FashionMnistLocator.DIR_PROPERTY);
            } else {
                System.setProperty(FashionMnistLocator.DIR_PROPERTY, before);
            }
        }
    }

    @Test
    void incompleteDirectoryIsSkippedAndMissingFilesListed() throws IOException {
        Path partial = IdxFiles.dataset(tmp.resolve("partial"), 20, 10, false);
        Files.delete(partial.resolve(FashionMnistLocator.TEST_LABELS));
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> new FashionMnistLocator(null, partial, tmp.resolve("d"), NO_SERVER, false).locate());
        String m = e.getMessage();
        assertTrue(m.contains("project cache " + partial.toAbsolutePath() + ": missing " + FashionMnistLocator.TEST_LABELS), m);
        assertTrue(m.contains("Debian package") && m.contains("offline"), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist") && m.contains("--fashion-dir"), m);
    }

    /** A directory the caller names is used or refused: a mistyped --fashion-dir must not train on another copy. */
    @Test
    void anExplicitDirectoryWithoutTheFilesIsRefusedNotSkipped() throws IOException {
        Path cache = IdxFiles.dataset(tmp.resolve("cache"), 20, 10, true);
        Path partial = IdxFiles.dataset(tmp.resolve("partial"), 20, 10, false);
        Files.delete(partial.resolve(FashionMnistLocator.TEST_LABELS));
        String m = assertThrows(FileNotFoundException.class,
                () -> new FashionMnistLocator(partial, cache, DEBIAN, NO_SERVER, false).locate()).getMessage();
        // Only the missing file is named as lacking.
        assertTrue(m.contains(partial.toAbsolutePath() + " lacks " + FashionMnistLocator.TEST_LABELS + ". "), m);
        Path typo = tmp.resolve("no-such-dir");
        m = assertThrows(FileNotFoundException.class,
                () -> new FashionMnistLocator(typo, cache, DEBIAN, NO_SERVER, false).locate()).getMessage();
        assertTrue(m.contains(typo.toAbsolutePath() + " does not exist"), m);
        assertTrue(m.contains("--fashion-dir") && m.contains(FashionMnistLocator.TRAIN_LABELS), m);
    }

    @Test
    void downloadsIntoTheCacheAndVerifiesContent() throws IOException {
        Path cache = tmp.resolve("cache");
        try (LocalHttpServer server = new LocalHttpServer()) {
            for (String name : FashionMnistLocator.CONTENT_SHA256.keySet()) {
                server.serve("/fm/" + name + ".gz", Files.readAllBytes(DEBIAN.resolve(name + ".gz")));
            }
            Path found = new FashionMnistLocator(null, cache, tmp.resolve("no-debian"), server.uri("/fm/"), true).locate();
            assertEquals(cache, found);
            assertEquals(4, server.requests());
            FashionMnist data = FashionMnist.load(found);
            assertEquals(60_000, data.train().size());
            assertEquals(10_000, data.test().size());
            // A second lookup finds the cache and does not download again.
            new FashionMnistLocator(null, cache, tmp.resolve("no-debian"), server.uri("/fm/"), true).locate();
            assertEquals(4, server.requests());
        }
    }

    @Test
    void corruptDownloadIsRejectedAndNothingIsCached() throws IOException {
        Path cache = tmp.resolve("cache");
        try (LocalHttpServer server = new LocalHttpServer()) {
            for (String name : FashionMnistLocator.CONTENT_SHA256.keySet()) {
                // Each file served under another file's name: valid gzip, wrong content.
                server.serve("/fm/" + name + ".gz", Files.readAllBytes(DEBIAN.resolve(FashionMnistLocator.TEST_LABELS + ".gz")));
            }
            FileNotFoundException e = assertThrows(FileNotFoundException.class,
                    () -> new FashionMnistLocator(null, cache, tmp.resolve("no-debian"), server.uri("/fm/"), true).locate());
            assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(
                    FashionMnistLocator.CONTENT_SHA256.get(FashionMnistLocator.TRAIN_IMAGES)), e.getMessage());
            try (var files = Files.list(cache)) {
                assertFalse(files.findAny().isPresent(), "nothing kept in the cache");
            }
        }
    }

    @Test
    void realDataHasTheDocumentedShape() throws IOException {
        FashionMnist data = FashionMnist.load(DEBIAN);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        assertEquals(28, data.train().height());
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, data.train().withClasses(c).size());
            assertEquals(1000, data.test().withClasses(c).size());
        }
        assertEquals(30_000, data.train().withClasses(0, 1, 2, 3, 4).size());
    }
}
