package org.transfer4j.zoo.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.Adler32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.ChecksumMismatchException;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.catalogue.WeightsFile;

/**
 * The contract every {@link ModelSource} keeps, run against each implementation by a subclass:
 * a verified file on success, a checksum error naming expected and actual values, and an error that
 * says where to put a missing file.
 */
abstract class ModelSourceContract {
    static final byte[] CONTENT = randomBytes(200_000, 3);
    static final byte[] OTHER = randomBytes(200_000, 4);
    static final String PATH = "models/test/tiny_dl4j_inference.zip";

    @TempDir
    Path tmp;

    /** A source that offers {@code content} for {@link #PATH}, or nothing when content is null. */
    abstract ModelSource source(byte[] content) throws IOException;

    static ModelEntry entry(byte[] expected) {
        Adler32 a = new Adler32();
        a.update(expected);
        return new ModelEntry("test.tiny", "StudyLeNet", new WeightsFile(PATH, a.getValue(), null, null), List.of(1, 28, 28),
                "GREY", null, 5, null, null, null, null, List.of(), false, "");
    }

    @Test
    void returnsAVerifiedFile() throws IOException {
        Path file = source(CONTENT).resolve(entry(CONTENT));
        assertArrayEquals(CONTENT, Files.readAllBytes(file));
    }

    @Test
    void checksumMismatchNamesExpectedAndActual() throws IOException {
        ModelSource s = source(OTHER);
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> s.resolve(entry(CONTENT)));
        assertTrue(e.expected().startsWith("adler32:") && e.actual().startsWith("adler32:"), e.getMessage());
        assertTrue(e.getMessage().contains(e.expected()) && e.getMessage().contains(e.actual()), e.getMessage());
    }

    @Test
    void missingFileSaysWhereToPutIt() throws IOException {
        ModelSource s = source(null);
        IOException e = assertThrows(IOException.class, () -> s.resolve(entry(CONTENT)));
        assertTrue(e.getMessage().contains("tiny_dl4j_inference.zip"), e.getMessage());
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
