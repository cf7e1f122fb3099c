package org.transfer4j.zoo.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class MirrorDirectorySourceTest extends ModelSourceContract {
    @Override
    ModelSource source(byte[] content) throws IOException {
        Path mirror = tmp.resolve("mirror");
        Files.createDirectories(mirror.resolve(PATH).getParent());
        if (content != null) {
            Files.write(mirror.resolve(PATH), content);
        }
        return new MirrorDirectorySource(mirror);
    }

    @Test
    void flatFolderOfDownloadsWorksToo() throws IOException {
        Path flat = Files.createDirectories(tmp.resolve("flat"));
        Files.write(flat.resolve("tiny_dl4j_inference.zip"), CONTENT);
        assertEquals(flat.resolve("tiny_dl4j_inference.zip"), new MirrorDirectorySource(flat).resolve(entry(CONTENT)));
    }
}
