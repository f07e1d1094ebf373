package dev.sandesh.contracts;

/** A message body that is not a valid event of the expected type and version: poison, never retried. */
public class WireFormatException extends RuntimeException {

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
