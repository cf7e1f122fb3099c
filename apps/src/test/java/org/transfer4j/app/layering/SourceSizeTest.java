package org.transfer4j.app.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Files small and single-purpose: no main-code file of any module over {@value #MAX_LINES} lines. */
class SourceSizeTest {
    static final int MAX_LINES = 400;

    static List<String> tooLong(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> lines(p) > MAX_LINES).map(p -> root.relativize(p) + ": " + lines(p) + " lines").sorted().toList();
        }
    }

    private static long lines(Path p) {
        try (Stream<String> l = Files.lines(p)) {
            return l.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void noMainFileIsOverTheLimit() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(root.resolve("dl4j-transfer/src/main/java/org/transfer4j/api/Transfer.java")),
                "run from the apps module: " + root);
        assertEquals(List.of(), tooLong(root));
    }

    @Test
    void aLongFileIsFound(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path f = Files.createDirectories(tmp.resolve("m/src/main/java/x")).resolve("Long.java");
        Files.write(f, java.util.Collections.nCopies(MAX_LINES + 1, "//"));
        Files.write(f.resolveSibling("Short.java"), java.util.Collections.nCopies(MAX_LINES, "//"));
        assertEquals(List.of("m/src/main/java/x/Long.java: 401 lines"), tooLong(tmp));
    }
}
