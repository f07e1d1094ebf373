package dev.sandesh.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A person asked to stop (or to start again) receiving marketing messages. webhook-service
 * publishes it; broadcast-service records it and drops the number from every later campaign.
 *
 * @param phone  E.164 with a leading {@code +}
 * @param action whether the person opted out or back in
 * @param source how we learnt it
 * @param at     when the person said so (Meta's timestamp)
 */
public record OptOut(int version, String phone, Action action, Source source, Instant at) implements WireEvent {

    public static final int VERSION = 1;

    public OptOut {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
    }

    public OptOut(String phone, Action action, Source source, Instant at) {
        this(VERSION, phone, action, source, at);
    }

    public enum Action { OPT_OUT, OPT_IN }

    public enum Source {
        /** An inbound text such as STOP or UNSUBSCRIBE (START for opt-in). */
        KEYWORD,
        /** A quick-reply button whose payload means stop. */
        BUTTON,
        /** Meta's {@code user_preferences} webhook (marketing messages stopped or resumed in the app). */
        USER_PREFERENCES,
        /** A send failed with 131050: the user has stopped marketing messages. */
        ERROR_131050
    }

    @Override
    public String toString() {
        return "OptOut[phone=" + PhoneMask.mask(phone) + ", action=" + action + ", source=" + source + ", at=" + at + "]";
    }
}
