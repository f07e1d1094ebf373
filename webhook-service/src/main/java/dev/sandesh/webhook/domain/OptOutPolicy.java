package dev.sandesh.webhook.domain;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.OptOut.Action;
import dev.sandesh.contracts.OptOut.Source;

import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What counts as someone asking to stop (or to start again) receiving marketing messages.
 *
 * <ul>
 *   <li>an inbound text that <em>is</em> a stop keyword (STOP, UNSUBSCRIBE, ...) or a start keyword
 *       (START, ...), case-insensitive, ignoring surrounding spaces and trailing punctuation; a
 *       sentence that merely contains one ("don't stop now") is not an opt-out;</li>
 *   <li>a quick-reply button whose payload (or label) is a stop payload or keyword;</li>
 *   <li>Meta's {@code user_preferences} change for marketing messages: {@code stop} or {@code resume};</li>
 *   <li>a {@code failed} status with 131050 ("user has stopped marketing messages").</li>
 * </ul>
 * The person is identified by the digits Meta sends ({@code from}, {@code wa_id}, {@code recipient_id});
 * a business-scoped user id (not digits) cannot become a phone number and yields nothing.
 */
public final class OptOutPolicy {

    /** Meta's error for "this user stopped marketing messages from you". */
    public static final int STOPPED_MARKETING = 131050;

    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{Punct}\\s]+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern WA_ID = Pattern.compile("\\+?[0-9]{8,15}");

    private final Set<String> stopKeywords;
    private final Set<String> startKeywords;
    private final Set<String> stopPayloads;

    public OptOutPolicy(Collection<String> stopKeywords, Collection<String> startKeywords, Collection<String> stopPayloads) {
        this.stopKeywords = normalised(stopKeywords);
        this.startKeywords = normalised(startKeywords);
        this.stopPayloads = normalised(stopPayloads);
    }

    /** An inbound text message. */
    public Optional<OptOut> fromText(String from, String body, Instant at) {
        String word = normalise(body);
        if (stopKeywords.contains(word)) {
            return optOut(from, Action.OPT_OUT, Source.KEYWORD, at);
        }
        if (startKeywords.contains(word)) {
            return optOut(from, Action.OPT_IN, Source.KEYWORD, at);
        }
        return Optional.empty();
    }

    /** A quick-reply button ({@code type: button}, {@code button{payload, text}}). */
    public Optional<OptOut> fromButton(String from, String payload, String text, Instant at) {
        String p = normalise(payload);
        String t = normalise(text);
        if (stopPayloads.contains(p) || stopKeywords.contains(p) || stopKeywords.contains(t)) {
            return optOut(from, Action.OPT_OUT, Source.BUTTON, at);
        }
        if (startKeywords.contains(p) || startKeywords.contains(t)) {
            return optOut(from, Action.OPT_IN, Source.BUTTON, at);
        }
        return Optional.empty();
    }

    /** One element of a {@code user_preferences} change: {@code category} marketing_messages, {@code value} stop/resume. */
    public Optional<OptOut> fromUserPreference(String waId, String category, String value, Instant at) {
        if (category != null && !category.toLowerCase(Locale.ROOT).contains("marketing")) {
            return Optional.empty();
        }
        return switch (normalise(value)) {
            case "STOP" -> optOut(waId, Action.OPT_OUT, Source.USER_PREFERENCES, at);
            case "RESUME" -> optOut(waId, Action.OPT_IN, Source.USER_PREFERENCES, at);
            default -> Optional.empty();
        };
    }

    /** A status: only {@code failed} with 131050 means anything here. */
    public Optional<OptOut> fromStatus(StatusEvent status) {
        if (status.status() != DeliveryStatus.FAILED || status.error() == null
                || status.error().code() == null || status.error().code() != STOPPED_MARKETING) {
            return Optional.empty();
        }
        return optOut(status.recipientId(), Action.OPT_OUT, Source.ERROR_131050, status.at());
    }

    /** {@code +digits} for a wa_id of 8 to 15 digits (a leading + tolerated); empty for anything else, e.g. a user_id. */
    public static Optional<String> phone(String waId) {
        if (waId == null) {
            return Optional.empty();
        }
        String trimmed = waId.strip();
        if (!WA_ID.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        return Optional.of(trimmed.startsWith("+") ? trimmed : "+" + trimmed);
    }

    private static Optional<OptOut> optOut(String waId, Action action, Source source, Instant at) {
        return phone(waId).map(phone -> new OptOut(phone, action, source, at));
    }

    private static Set<String> normalised(Collection<String> words) {
        return words.stream().map(OptOutPolicy::normalise).filter(w -> !w.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String upper = text.strip().toUpperCase(Locale.ROOT);
        return SPACES.matcher(TRAILING_PUNCTUATION.matcher(upper).replaceAll("")).replaceAll(" ");
    }
}
