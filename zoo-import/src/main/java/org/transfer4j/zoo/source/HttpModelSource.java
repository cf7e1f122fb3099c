package org.transfer4j.zoo.source;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.ChecksumMismatchException;
import org.transfer4j.common.Downloader;
import org.transfer4j.common.OfflineException;
import org.transfer4j.zoo.catalogue.ModelEntry;

/**
 * Weight files from an HTTP(S) server (DL4J's by default, see {@code Catalogue.baseUri()}), cached at
 * {@code <cache>/<weights.path>}. A cached file is verified before use; the download goes through
 * {@link Downloader} (temp file, hashed while streaming, verified, atomic move), so an interrupted or
 * corrupt download leaves nothing in the cache. Offline, no connection is attempted.
 */
public final class HttpModelSource implements ModelSource {
    private final URI baseUri;
    private final Path cacheDir;
    private final Downloader downloader;

    public HttpModelSource(URI baseUri, Path cacheDir, Downloader downloader) {
        this.baseUri = baseUri.toString().endsWith("/") ? baseUri : URI.create(baseUri + "/");
        this.cacheDir = cacheDir;
        this.downloader = downloader;
    }

    /** DL4J's (or the overridden) server, cached under {@code <cache root>/models}. */
    public static HttpModelSource defaults(URI baseUri) {
        return new HttpModelSource(baseUri, CacheRoot.resolve("models"), new Downloader(true));
    }

    public Path cachePath(ModelEntry entry) {
        return cacheDir.resolve(entry.weights().path());
    }

    @Override
    public Path resolve(ModelEntry entry) throws IOException {
        Path cached = cachePath(entry);
        if (Files.isRegularFile(cached)) {
            try {
                ModelSource.verify(entry, cached);
                return cached;
            } catch (ChecksumMismatchException e) {
                // A cached copy that no longer verifies is useless; fetch it again (or fail below).
                Files.delete(cached);
            }
        }
        URI uri = baseUri.resolve(entry.weights().path());
        try {
            downloader.download(uri, cached, entry.weights().checksum());
        } catch (OfflineException e) {
            throw new OfflineException("offline: weights for " + entry.id() + " are not cached. Download " + uri
                    + " on a connected machine and put it at " + cached.toAbsolutePath()
                    + " (or use a mirror directory or a local file source)");
        }
        return cached;
    }

    @Override
    public String describe() {
        return baseUri + " cached in " + cacheDir.toAbsolutePath();
    }
}
