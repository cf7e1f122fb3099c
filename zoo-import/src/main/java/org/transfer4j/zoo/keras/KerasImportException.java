package org.transfer4j.zoo.keras;

import java.io.IOException;

/** A Keras file transfer4j cannot import; the message names the file, the layer and what to do. */
public class KerasImportException extends IOException {
    public KerasImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
