package org.transfer4j.zoo.catalogue;

import org.transfer4j.common.Checksum;

/**
 * One weight file: its path relative to the catalogue's base URL (or a mirror directory), the
 * upstream Adler-32, a SHA-256 once someone has verified the file, and its size when known.
 */
public record WeightsFile(String path, Long adler32, String sha256, Long sizeBytes) {
    public WeightsFile {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("weights.path must be a relative path without '..', got " + path);
        }
    }

    /** The file name, for caches and mirrors. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The strongest checksum known: SHA-256 if recorded, else Adler-32, else null (unverifiable). */
    public Checksum checksum() {
        if (sha256 != null) {
            return Checksum.ofFile(sha256);
        }
        return adler32 != null ? Checksum.adler32(adler32) : null;
    }
}
