package org.transfer4j.common;

import java.io.IOException;

/** A downloaded or cached file whose SHA-256 is not the one expected. */
public class ChecksumMismatchException extends IOException {
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String what, String expected, String actual) {
        super("checksum mismatch for " + what + ": expected " + expected + ", actual " + actual
                + ". The file was not kept; if the source changed on purpose, update the expected checksum.");
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
