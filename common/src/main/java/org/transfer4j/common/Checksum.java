package org.transfer4j.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.Adler32;

/**
 * An expected checksum of a file: SHA-256 of its bytes, SHA-256 of its gzip-decompressed content
 * (for data that distributors re-compress: Debian's and upstream's Fashion-MNIST archives differ,
 * their IDX content does not), or Adler-32, the only checksum DL4J publishes for its zoo weights.
 */
public record Checksum(Kind kind, String value) {
    public enum Kind { SHA256, SHA256_GUNZIPPED, ADLER32 }

    public Checksum {
        if (kind == null || value == null) {
            throw new IllegalArgumentException("checksum kind and value are required");
        }
        if (kind == Kind.ADLER32) {
            if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("adler32 must be an unsigned 32-bit decimal, got " + value);
            }
        } else if (!value.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits, got " + value);
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    public static Checksum ofFile(String sha256) {
        return new Checksum(Kind.SHA256, sha256);
    }

    public static Checksum ofGunzipped(String sha256) {
        return new Checksum(Kind.SHA256_GUNZIPPED, sha256);
    }

    public static Checksum adler32(long value) {
        return new Checksum(Kind.ADLER32, Long.toString(value));
    }

    /** Computes the actual value for {@code file} the way this checksum is defined. */
    public String actual(Path file) throws IOException {
        return switch (kind) {
            case SHA256 -> Sha256.of(file);
            case SHA256_GUNZIPPED -> Sha256.ofGunzipped(file);
            case ADLER32 -> Long.toString(adler32Of(file));
        };
    }

    /** Throws a {@link ChecksumMismatchException} naming {@code what} unless {@code file} matches. */
    public void verify(Path file, String what) throws IOException {
        String actual = actual(file);
        if (!actual.equals(value)) {
            throw new ChecksumMismatchException(what, describe(value), describe(actual));
        }
    }

    /** The value with its kind, as shown in messages: "sha256:ab12..." or "adler32:12345". */
    public String describe(String v) {
        return (kind == Kind.ADLER32 ? "adler32:" : "sha256:") + v;
    }

    static long adler32Of(Path file) throws IOException {
        Adler32 a = new Adler32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                a.update(buf, 0, n);
            }
        }
        return a.getValue();
    }
}
