package dev.sandesh.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A person asked to stop (or to start again) receiving messages from a business number.
 * webhook-service (and sender-service, on 131050) publishes it; broadcast-service and
 * sender-service record it and keep the person out of later sends as far as its {@link #scope()}
 * reaches (DESIGN.md §4 Opt-outs; CLOUD-API-MORE §3.8, §4.5).
 *
 * <p>The person is named by phone, by business-scoped user id (BSUID), or both; consumers match
 * either. Older messages (before {@code userId}, {@code phoneNumberId} and {@code scope}) decode
 * with no BSUID, every business number, and the scope {@link Scope#defaultFor(Source) their source implies}.
 *
 * @param phone         E.164 with a leading {@code +}; null when Meta only told us the BSUID
 * @param userId        Meta's business-scoped user id ({@code US.1349…}); null when unknown
 * @param phoneNumberId the business number it applies to ({@code metadata.phone_number_id}); null = every number
 * @param scope         which templates it blocks; null decodes as {@link Scope#defaultFor(Source)}
 * @param action        whether the person opted out or back in
 * @param source        how we learnt it
 * @param at            when the person said so (Meta's timestamp)
 */
public record OptOut(int version, String phone, String userId, String phoneNumberId, Scope scope,
                     Action action, Source source, Instant at) implements WireEvent {

    public static final int VERSION = 1;

    public OptOut {
        if (phone == null && userId == null) {
            throw new NullPointerException("phone or userId");
        }
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
        scope = scope == null ? Scope.defaultFor(source) : scope;
    }

    /** An opt-out of a phone, for every business number, in the scope its source implies (the form before BSUIDs). */
    public OptOut(int version, String phone, Action action, Source source, Instant at) {
        this(version, Objects.requireNonNull(phone, "phone"), null, null, null, action, source, at);
    }

    public OptOut(String phone, Action action, Source source, Instant at) {
        this(VERSION, phone, action, source, at);
    }

    public OptOut(String phone, String userId, String phoneNumberId, Scope scope, Action action, Source source, Instant at) {
        this(VERSION, phone, userId, phoneNumberId, scope, action, source, at);
    }

    public enum Action { OPT_OUT, OPT_IN }

    /** Which templates an opt-out blocks (Meta: a marketing opt-out "only covers marketing templates from this business"). */
    public enum Scope {
        /** MARKETING templates only; UTILITY and AUTHENTICATION still go. */
        MARKETING,
        /** Every template. */
        ALL;

        /** Meta's own opt-outs (user_preferences, 131050) are marketing ones; a person's STOP stops everything. */
        public static Scope defaultFor(Source source) {
            return switch (source) {
                case USER_PREFERENCES, ERROR_131050 -> MARKETING;
                case KEYWORD, BUTTON, OPERATOR -> ALL;
            };
        }

        /** Whether an opt-out of this scope blocks a template of {@code category} (MARKETING, UTILITY, AUTHENTICATION; null = unknown, blocked). */
        public boolean blocks(String category) {
            return this == ALL || category == null || "MARKETING".equalsIgnoreCase(category);
        }
    }

    public enum Source {
        /** An inbound text such as STOP or UNSUBSCRIBE (START for opt-in). */
        KEYWORD,
        /** A quick-reply button whose payload means stop. */
        BUTTON,
        /** Meta's {@code user_preferences} webhook (marketing messages stopped or resumed in the app). */
        USER_PREFERENCES,
        /** A send failed with 131050: the user has stopped marketing messages. */
        ERROR_131050,
        /** Added or removed by an operator through broadcast's opt-out API. */
        OPERATOR
    }

    @Override
    public String toString() {
        return "OptOut[phone=" + PhoneMask.mask(phone) + ", userId=" + (userId == null ? null : "…") + ", phoneNumberId="
                + phoneNumberId + ", scope=" + scope + ", action=" + action + ", source=" + source + ", at=" + at + "]";
    }
}
