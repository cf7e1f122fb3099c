package org.transfer4j.zoo.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.transfer4j.zoo.catalogue.ModelEntry;

/** A weight file the user already has at a known path. */
public record LocalFileSource(Path file) implements ModelSource {
    @Override
    public Path resolve(ModelEntry entry) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("weights for " + entry.id() + " not found at " + file.toAbsolutePath()
                    + "; expected the file " + entry.weights().fileName());
        }
        ModelSource.verify(entry, file);
        return file;
    }

    @Override
    public String describe() {
        return "local file " + file.toAbsolutePath();
    }
}
