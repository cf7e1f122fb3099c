package org.transfer4j.zoo.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.Downloader;
import org.transfer4j.common.LocalHttpServer;
import org.transfer4j.common.OfflineException;

/** The contract plus what only a remote source has: interruption, 404, offline, cache hits. */
class HttpModelSourceTest extends ModelSourceContract {
    private LocalHttpServer server;

    @Override
    ModelSource source(byte[] content) throws IOException {
        server = new LocalHttpServer();
        if (content != null) {
            server.serve("/" + PATH, content);
        }
        return new HttpModelSource(server.uri("/"), tmp.resolve("cache"), new Downloader(false));
    }

    @AfterEach
    void stop() throws IOException {
        System.clearProperty(CacheRoot.OFFLINE_PROPERTY);
        if (server != null) {
            server.close();
        }
    }

    private boolean cacheHasFiles() throws IOException {
        Path cache = tmp.resolve("cache");
        if (!Files.exists(cache)) {
            return false;
        }
        try (var s = Files.walk(cache)) {
            return s.anyMatch(Files::isRegularFile);
        }
    }

    @Test
    void secondResolveIsACacheHit() throws IOException {
        ModelSource s = source(CONTENT);
        s.resolve(entry(CONTENT));
        s.resolve(entry(CONTENT));
        assertEquals(1, server.requests());
    }

    @Test
    void checksumMismatchKeepsNothingInTheCache() throws IOException {
        ModelSource s = source(OTHER);
        assertThrows(IOException.class, () -> s.resolve(entry(CONTENT)));
        assertFalse(cacheHasFiles());
    }

    @Test
    void interruptedDownloadLeavesNothingVisible() throws IOException {
        source(null);
        server.serve("/" + PATH, CONTENT, LocalHttpServer.Fault.DROP_HALFWAY);
        ModelSource s = new HttpModelSource(server.uri("/"), tmp.resolve("cache"), new Downloader(false));
        assertThrows(IOException.class, () -> s.resolve(entry(CONTENT)));
        assertFalse(cacheHasFiles());
    }

    @Test
    void notFoundGivesTheStatus() throws IOException {
        ModelSource s = source(null);
        IOException e = assertThrows(IOException.class, () -> s.resolve(entry(CONTENT)));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void offlineAttemptsNoConnectionAndSaysWhereToPutTheFile() throws IOException {
        ModelSource s = source(CONTENT);
        System.setProperty(CacheRoot.OFFLINE_PROPERTY, "true");
        OfflineException e = assertThrows(OfflineException.class, () -> s.resolve(entry(CONTENT)));
        assertEquals(0, server.requests());
        assertTrue(e.getMessage().contains(tmp.resolve("cache").resolve(PATH).toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void offlineStillServesTheCache() throws IOException {
        ModelSource s = source(CONTENT);
        s.resolve(entry(CONTENT));
        System.setProperty(CacheRoot.OFFLINE_PROPERTY, "true");
        assertArrayEquals(CONTENT, Files.readAllBytes(s.resolve(entry(CONTENT))));
        assertEquals(1, server.requests());
    }

    @Test
    void corruptCachedCopyIsFetchedAgain() throws IOException {
        HttpModelSource s = (HttpModelSource) source(CONTENT);
        Path cached = s.resolve(entry(CONTENT));
        Files.write(cached, OTHER);
        assertArrayEquals(CONTENT, Files.readAllBytes(s.resolve(entry(CONTENT))));
        assertEquals(2, server.requests());
    }
}
