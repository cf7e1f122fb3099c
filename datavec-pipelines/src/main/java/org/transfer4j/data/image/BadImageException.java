package org.transfer4j.data.image;

import java.io.IOException;

/** An image that cannot be used; the message names the file and the reason. */
public class BadImageException extends IOException {
    private final String file;
    private final String reason;

    public BadImageException(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
