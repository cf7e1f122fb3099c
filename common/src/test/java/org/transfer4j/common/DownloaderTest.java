package org.transfer4j.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    @TempDir
    Path dir;

    private final byte[] payload = randomBytes(300_000);

    @AfterEach
    void clearOffline() {
        System.clearProperty(CacheRoot.OFFLINE_PROPERTY);
    }

    @Test
    void downloadsVerifiesAndMovesIntoPlace() throws IOException {
        try (LocalHttpServer server = new LocalHttpServer().serve("/w.bin", payload)) {
            Path target = dir.resolve("w.bin");
            String sha = new Downloader(false).download(server.uri("/w.bin"), target, Checksum.ofFile(Sha256.of(payload)));
            assertArrayEquals(payload, Files.readAllBytes(target));
            assertEquals(Sha256.of(payload), sha);
            assertOnlyFiles("w.bin");
        }
    }

    @Test
    void checksumMismatchKeepsNothingAndNamesBothValues() throws IOException {
        String wrong = "0".repeat(64);
        try (LocalHttpServer server = new LocalHttpServer().serve("/w.bin", payload)) {
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                    () -> new Downloader(false).download(server.uri("/w.bin"), dir.resolve("w.bin"), Checksum.ofFile(wrong)));
            assertTrue(e.getMessage().contains("expected sha256:" + wrong), e.getMessage());
            assertTrue(e.getMessage().contains("actual sha256:" + Sha256.of(payload)), e.getMessage());
            assertOnlyFiles();
        }
    }

    @Test
    void gunzippedChecksumIsOfTheContent() throws IOException {
        byte[] gz = gzip(payload);
        try (LocalHttpServer server = new LocalHttpServer().serve("/w.gz", gz)) {
            Path target = dir.resolve("w.gz");
            new Downloader(false).download(server.uri("/w.gz"), target, Checksum.ofGunzipped(Sha256.of(payload)));
            assertEquals(Sha256.of(payload), Sha256.ofGunzipped(target));
        }
    }

    @Test
    void interruptedTransferLeavesNothingVisible() throws IOException {
        try (LocalHttpServer server = new LocalHttpServer().serve("/w.bin", payload, LocalHttpServer.Fault.DROP_HALFWAY)) {
            IOException e = assertThrows(IOException.class,
                    () -> new Downloader(false).download(server.uri("/w.bin"), dir.resolve("w.bin"), null));
            assertTrue(e.getMessage().contains("150000 of 300000 bytes"), e.getMessage());
            assertOnlyFiles();
        }
    }

    @Test
    void stalledTransferTimesOutAndLeavesNothing() throws IOException {
        try (LocalHttpServer server = new LocalHttpServer().serve("/w.bin", payload, LocalHttpServer.Fault.STALL_HALFWAY)) {
            assertThrows(java.net.SocketTimeoutException.class, () -> new Downloader(false, java.time.Duration.ofMillis(500))
                    .download(server.uri("/w.bin"), dir.resolve("w.bin"), null));
            assertOnlyFiles();
        }
    }

    @Test
    void notFoundIsAnErrorWithTheStatus() throws IOException {
        try (LocalHttpServer server = new LocalHttpServer()) {
            IOException e = assertThrows(IOException.class,
                    () -> new Downloader(false).download(server.uri("/missing"), dir.resolve("m"), null));
            assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
            assertOnlyFiles();
        }
    }

    @Test
    void offlineAttemptsNoConnection() throws IOException {
        System.setProperty(CacheRoot.OFFLINE_PROPERTY, "true");
        try (LocalHttpServer server = new LocalHttpServer().serve("/w.bin", payload)) {
            OfflineException e = assertThrows(OfflineException.class,
                    () -> new Downloader(false).download(server.uri("/w.bin"), dir.resolve("w.bin"), null));
            assertEquals(0, server.requests());
            assertTrue(e.getMessage().contains(dir.resolve("w.bin").toString()), "says where to put the file: " + e.getMessage());
            assertOnlyFiles();
        }
    }

    @Test
    void failedWriteLeavesPreviousFileIntact() throws IOException {
        Path target = dir.resolve("keep.txt");
        AtomicFiles.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        assertOnlyFiles("keep.txt");
    }

    private void assertOnlyFiles(String... names) throws IOException {
        try (var s = Files.list(dir)) {
            var present = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(java.util.Arrays.stream(names).sorted().toList(), present, "files left in the cache directory");
        }
        assertFalse(names.length == 0 && Files.exists(dir.resolve("w.bin")));
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }
}
