package dev.sandesh.contracts;

/**
 * An internal message without a valid {@link InternalSignature}: poison like any
 * {@link WireFormatException} (dead-lettered on AMQP, never retried), answered 401 (unsigned) or
 * 403 (signed, but not by us) by the CloudEvents adapters. The message never says what was expected.
 */
public class ForgedMessageException extends WireFormatException {

    private final boolean unsigned;

    public ForgedMessageException(boolean unsigned, String message) {
        super(message);
        this.unsigned = unsigned;
    }

    /** True when no signature (or no id, type or time) came at all: 401; false when it does not match: 403. */
    public boolean unsigned() {
        return unsigned;
    }

    /** The HTTP status a CloudEvents adapter answers. */
    public int status() {
        return unsigned ? 401 : 403;
    }
}
