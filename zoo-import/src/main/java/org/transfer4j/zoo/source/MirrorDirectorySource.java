package org.transfer4j.zoo.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.transfer4j.zoo.catalogue.ModelEntry;

/**
 * A local copy of the weight server: {@code <dir>/<weights.path>} (same layout as the server), or
 * {@code <dir>/<file name>} (a flat folder of downloaded files).
 */
public record MirrorDirectorySource(Path dir) implements ModelSource {
    @Override
    public Path resolve(ModelEntry entry) throws IOException {
        Path nested = dir.resolve(entry.weights().path());
        Path flat = dir.resolve(entry.weights().fileName());
        Path file = Files.isRegularFile(nested) ? nested : flat;
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("weights for " + entry.id() + " not in mirror " + dir.toAbsolutePath()
                    + "; put the file at " + nested.toAbsolutePath() + " or " + flat.toAbsolutePath());
        }
        ModelSource.verify(entry, file);
        return file;
    }

    @Override
    public String describe() {
        return "mirror directory " + dir.toAbsolutePath();
    }
}
