package org.transfer4j.data.fashion;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that is not what it claims to be; the message names the file and the problem. */
public class IdxFormatException extends IOException {
    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
