package org.transfer4j.zoo.onnx;

/** An ONNX file that cannot be imported: the message names the file, and the node or op where it applies. */
public final class OnnxImportException extends RuntimeException {
    public OnnxImportException(String message) {
        super(message);
    }

    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
