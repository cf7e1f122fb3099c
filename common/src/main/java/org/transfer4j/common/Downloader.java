package org.transfer4j.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.function.LongConsumer;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Downloads a file so that the cache never holds a partial or unverified copy: bytes stream into a
 * temporary file beside the target while being hashed, the size and checksum are checked, and only
 * then is the temporary file renamed over the target. Any failure deletes the temporary file.
 */
public final class Downloader {
    /** Default connect and idle-read timeout: a server that sends nothing for this long is given up on. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final boolean showProgress;
    private final Duration timeout;

    public Downloader(boolean showProgress) {
        this(showProgress, DEFAULT_TIMEOUT);
    }

    public Downloader(boolean showProgress, Duration timeout) {
        this.showProgress = showProgress;
        this.timeout = timeout;
    }

    /**
     * Downloads {@code uri} to {@code target}.
     *
     * @param expected checksum to verify, or null to accept any content (the computed SHA-256 of the
     *                 bytes is returned either way so that callers can record it)
     * @return the SHA-256 of the downloaded bytes
     * @throws OfflineException when {@link CacheRoot#offline()} is set: no connection is attempted
     */
    public String download(URI uri, Path target, Checksum expected) throws IOException {
        if (CacheRoot.offline()) {
            throw new OfflineException("offline mode (" + CacheRoot.OFFLINE_PROPERTY + " / " + CacheRoot.OFFLINE_ENV
                    + ") forbids downloading " + uri + "; put the file at " + target.toAbsolutePath() + " instead");
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            URLConnection connection = open(uri);
            long declared = connection.getContentLengthLong();
            MessageDigest md = Sha256.newDigest();
            long received;
            try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(tmp);
                 Progress progress = new Progress(target.getFileName().toString(), declared)) {
                received = copy(in, out, md, progress);
            }
            if (declared >= 0 && received != declared) {
                throw new IOException("download of " + uri + " ended after " + received + " of " + declared
                        + " bytes; nothing was kept, try again");
            }
            String rawSha = Sha256.hex(md.digest());
            if (expected != null) {
                // The streamed SHA-256 serves a plain SHA-256 check; other kinds need one pass over the file.
                String actual = expected.kind() == Checksum.Kind.SHA256 ? rawSha : expected.actual(tmp);
                if (!actual.equals(expected.value())) {
                    throw new ChecksumMismatchException(uri.toString(), expected.describe(expected.value()),
                            expected.describe(actual));
                }
            }
            AtomicFiles.makeReadable(tmp);
            AtomicFiles.force(tmp);
            AtomicFiles.moveAtomically(tmp, target);
            return rawSha;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * HttpURLConnection rather than java.net.http.HttpClient: it has an idle-read timeout, and a stalled
     * server must not hang a download forever (HttpClient's timeout covers only the response headers).
     */
    private URLConnection open(URI uri) throws IOException {
        URLConnection connection = uri.toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        if (connection instanceof HttpURLConnection http) {
            http.setInstanceFollowRedirects(true);
            int status = http.getResponseCode();
            if (status / 100 != 2) {
                http.disconnect();
                throw new IOException("HTTP " + status + " for " + uri + " (check the URL or the base URL override)");
            }
        }
        return connection;
    }

    private static long copy(InputStream in, OutputStream out, MessageDigest md, LongConsumer progress)
            throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            md.update(buf, 0, n);
            total += n;
            progress.accept(n);
        }
        return total;
    }

    /** Progress on stderr for interactive runs; silent when disabled. */
    private final class Progress implements LongConsumer, AutoCloseable {
        private final ProgressBar bar;

        Progress(String name, long total) {
            this.bar = showProgress && org.transfer4j.common.Progress.onTerminal()
                    ? new ProgressBarBuilder().setTaskName("download " + name).setInitialMax(Math.max(total, 0))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).showSpeed().build()
                    : null;
        }

        @Override
        public void accept(long delta) {
            if (bar != null) {
                bar.stepBy(delta);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
