package org.transfer4j.zoo.source;

import java.io.IOException;
import java.nio.file.Path;

import org.transfer4j.zoo.catalogue.ModelEntry;

/**
 * Where a weight file comes from. Every implementation returns a local file whose checksum matches
 * the catalogue (when the catalogue has one) or throws an {@link IOException} that names the file,
 * the place looked at and what to do.
 */
public interface ModelSource {
    Path resolve(ModelEntry entry) throws IOException;

    /** Where this source looks, for messages. */
    String describe();

    /** Verifies {@code file} against the entry's checksum, if any. */
    static void verify(ModelEntry entry, Path file) throws IOException {
        var checksum = entry.weights().checksum();
        if (checksum != null) {
            checksum.verify(file, entry.id() + " (" + file + ")");
        }
    }
}
