package org.transfer4j.zoo.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class LocalFileSourceTest extends ModelSourceContract {
    @Override
    ModelSource source(byte[] content) throws IOException {
        Path file = tmp.resolve("weights.zip");
        if (content != null) {
            Files.write(file, content);
        }
        return new LocalFileSource(file);
    }
}
