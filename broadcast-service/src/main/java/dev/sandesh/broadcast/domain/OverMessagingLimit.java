package dev.sandesh.broadcast.domain;

/** A campaign does not fit in what is left of its number's messaging limit, and the caller asked to refuse it. */
public class OverMessagingLimit extends RuntimeException {

    private final MessagingLimit.Refused refusal;

    public OverMessagingLimit(MessagingLimit.Refused refusal) {
        super(refusal.reason());
        this.refusal = refusal;
    }

    public MessagingLimit.Refused refusal() {
        return refusal;
    }
}
