package org.transfer4j.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An expected SHA-256, either of a file's bytes or of its gzip-decompressed content. The latter is
 * for data that different distributors re-compress (Fashion-MNIST's Debian package and its upstream
 * archives hold the same IDX bytes in different .gz files).
 */
public record Checksum(String sha256, boolean ofGunzippedContent) {
    public Checksum {
        if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits, got " + sha256);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    public static Checksum ofFile(String sha256) {
        return new Checksum(sha256, false);
    }

    public static Checksum ofGunzipped(String sha256) {
        return new Checksum(sha256, true);
    }

    /** Computes the actual value for {@code file} the way this checksum is defined. */
    public String actual(Path file) throws IOException {
        return ofGunzippedContent ? Sha256.ofGunzipped(file) : Sha256.of(file);
    }

    /** Throws a {@link ChecksumMismatchException} naming {@code what} unless {@code file} matches. */
    public void verify(Path file, String what) throws IOException {
        String actual = actual(file);
        if (!actual.equals(sha256)) {
            throw new ChecksumMismatchException(what, sha256, actual);
        }
    }
}
