package org.transfer4j.plan;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the pretrained network comes from: the first thing {@code Transfer.from} needs. Written {@code kind:ref}
 * on the command line and in reports, e.g. {@code catalogue:resnet50.imagenet}.
 *
 * <pre>{@code
 * Base.catalogue("resnet50.imagenet")      // a catalogue weight file (downloaded once, verified, cached)
 * Base.architecture("ResNet50")            // the catalogue architecture with random init() weights (no download)
 * Base.keras(Path.of("model.keras"))       // a Keras 3 .keras file (or tf.keras 2.13+'s)
 * Base.keras(Path.of("model.h5"))          // a Keras 2 HDF5 file
 * Base.tfjs(Path.of("web_model"))          // a TF.js layers model (model.json and shards, or packaged .js)
 * Base.saved(Path.of("runs/a/model.zip"))  // a DL4J model zip, e.g. an earlier transfer4j export
 * }</pre>
 */
public record Base(Kind kind, String ref) {
    /** The kinds of source a base can come from. */
    public enum Kind { CATALOGUE, ARCHITECTURE, KERAS, TFJS, SAVED }

    public Base {
        if (kind == null || ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("a base needs a kind and a reference, got " + kind + ":" + ref);
        }
    }

    public static Base catalogue(String modelId) {
        return new Base(Kind.CATALOGUE, modelId);
    }

    public static Base architecture(String name) {
        return new Base(Kind.ARCHITECTURE, name);
    }

    public static Base keras(Path file) {
        return new Base(Kind.KERAS, file.toString());
    }

    public static Base tfjs(Path directoryOrModelJson) {
        return new Base(Kind.TFJS, directoryOrModelJson.toString());
    }

    public static Base saved(Path zip) {
        return new Base(Kind.SAVED, zip.toString());
    }

    /** {@code kind:ref}, as the command line writes it: {@code catalogue:resnet50.imagenet}, {@code keras:m.h5}. */
    public static Base parse(String s) {
        int colon = s == null ? -1 : s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("base must be kind:ref with kind one of catalogue, architecture, keras,"
                    + " tfjs, saved (e.g. catalogue:resnet50.imagenet), got " + s);
        }
        String k = s.substring(0, colon).trim().toUpperCase(Locale.ROOT);
        Kind kind;
        try {
            kind = Kind.valueOf(k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base kind must be one of catalogue, architecture, keras, tfjs, saved; got '"
                    + s.substring(0, colon) + "' in " + s, e);
        }
        // outside the try: a blank reference is its own error, not an unknown kind
        return new Base(kind, s.substring(colon + 1).trim());
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + ref;
    }
}
