package org.transfer4j.common;

import java.io.IOException;

/** Thrown instead of opening a connection while the offline switch is on. */
public class OfflineException extends IOException {
    public OfflineException(String message) {
        super(message);
    }
}
