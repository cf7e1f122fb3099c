package org.transfer4j.zoo.catalogue;

import java.util.Map;

/**
 * Weights shipped in an npm package (TF.js layers models such as nsfwjs'): the package and exact
 * version, the SHA-256 of the tarball {@code npm pack} fetches, and the SHA-256 of every file of the
 * package the model is read from (paths inside the package, as {@code dist/models/x/model.min.js}).
 */
public record NpmPackage(String name, String version, String tarballSha256, Map<String, String> files) {
    public NpmPackage {
        if (name == null || !name.matches("(@[a-z0-9._-]+/)?[a-z0-9._-]+")) {
            throw new IllegalArgumentException("npm package name must be a valid npm name, got " + name);
        }
        if (version == null || !version.matches("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?")) {
            throw new IllegalArgumentException(name + ": npm version must be exact (x.y.z), got " + version);
        }
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException(name + "@" + version + ": list the package files the model is read from");
        }
        files = Map.copyOf(files);
    }

    /** {@code name@version}, as npm takes it. */
    public String spec() {
        return name + "@" + version;
    }
}
