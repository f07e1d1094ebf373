package dev.sandesh.broadcast.client;

/** Why the catalogue could not be read from Meta; the message names the cause, never the token. */
public class GraphTemplatesException extends RuntimeException {

    /** What went wrong: decides the API's answer (502 for a bad answer, 503 for no answer). */
    public enum Kind {
        /** Meta could not be reached or did not answer in time. */
        UNREACHABLE,
        /** Meta answered with an error, an unreadable page or paging Sandesh refuses to follow. */
        BAD_ANSWER
    }

    private final Kind kind;

    public GraphTemplatesException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
