package dev.sandesh.webhook.domain;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.OptOut.Action;
import dev.sandesh.contracts.OptOut.Scope;
import dev.sandesh.contracts.OptOut.Source;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What counts as someone asking to stop (or to start again) receiving messages, and how far it reaches.
 *
 * <ul>
 *   <li>an inbound text that <em>is</em> a stop keyword (STOP, UNSUBSCRIBE, ...) or a start keyword
 *       (START, ...), case-insensitive, ignoring surrounding spaces and trailing punctuation; a
 *       sentence that merely contains one ("don't stop now") is not an opt-out;</li>
 *   <li>a quick-reply or interactive button whose payload (or label) is a stop payload or keyword;</li>
 *   <li>Meta's {@code user_preferences} change for marketing messages: {@code stop} or {@code resume};</li>
 *   <li>a {@code failed} status with 131050 ("user has stopped marketing messages").</li>
 * </ul>
 *
 * <p><b>Scope.</b> Meta's own opt-outs ({@code user_preferences}, 131050) cover <em>marketing</em>
 * templates from that business only; utility and authentication sends still go (CLOUD-API-MORE §3.8).
 * A stop keyword is scoped by {@link #DEFAULT_KEYWORD_SCOPES} unless configured otherwise: the
 * plain words (STOP, UNSUBSCRIBE, OPT OUT and the stop payloads) are taken as Meta takes its own stop
 * — MARKETING — so a customer who stops promotions still gets the order update or the OTP they
 * asked for (DESIGN.md §4); the words that say "everything" (STOP ALL, STOPALL) are ALL. A keyword not
 * in the table takes {@code defaultScope}. An opt-in keyword (START) is ALL: it undoes any stop
 * the person sent, of either scope, and a {@code user_preferences} resume undoes a MARKETING one.
 *
 * <p><b>Who and where.</b> The person is named by the phone Meta sends ({@code from}, {@code wa_id},
 * {@code recipient_id}: 8 to 15 digits) and by the BSUID ({@code from_user_id}, {@code contacts[].user_id},
 * {@code user_id}, {@code recipient_user_id}, CLOUD-API-MORE §4.5), either or both; with neither,
 * nothing is recorded. The opt-out applies to the business number that received it
 * ({@code metadata.phone_number_id}); null (not told) means every number.
 */
public final class OptOutPolicy {

    /** Meta's error for "this user stopped marketing messages from you". */
    public static final int STOPPED_MARKETING = 131050;

    /** Stop keywords and payloads whose scope is not {@link #defaultScope()}; any can be overridden by configuration. */
    public static final Map<String, Scope> DEFAULT_KEYWORD_SCOPES = Map.of(
            "STOP", Scope.MARKETING,
            "UNSUBSCRIBE", Scope.MARKETING,
            "OPT OUT", Scope.MARKETING,
            "OPTOUT", Scope.MARKETING,
            "STOP_PROMOTIONS", Scope.MARKETING,
            "STOP_MARKETING", Scope.MARKETING,
            "STOP ALL", Scope.ALL,
            "STOPALL", Scope.ALL);

    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{Punct}\\s]+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern WA_ID = Pattern.compile("\\+?[0-9]{8,15}");

    /**
     * Who said it, to which business number.
     *
     * @param waId          the phone digits Meta sent (may be null or not digits: then no phone)
     * @param userId        the BSUID, or null
     * @param phoneNumberId the business number ({@code metadata.phone_number_id}), or null for every number
     */
    public record Who(String waId, String userId, String phoneNumberId) {
    }

    private final Set<String> stopKeywords;
    private final Set<String> startKeywords;
    private final Set<String> stopPayloads;
    private final Map<String, Scope> keywordScopes;
    private final Scope defaultScope;

    /** With {@link #DEFAULT_KEYWORD_SCOPES} and MARKETING for any other stop keyword. */
    public OptOutPolicy(Collection<String> stopKeywords, Collection<String> startKeywords, Collection<String> stopPayloads) {
        this(stopKeywords, startKeywords, stopPayloads, Map.of(), Scope.MARKETING);
    }

    /**
     * @param keywordScopes scopes by keyword or payload (any case), over {@link #DEFAULT_KEYWORD_SCOPES}
     * @param defaultScope  the scope of a stop keyword or payload named in neither
     */
    public OptOutPolicy(Collection<String> stopKeywords, Collection<String> startKeywords, Collection<String> stopPayloads,
                        Map<String, Scope> keywordScopes, Scope defaultScope) {
        this.stopKeywords = normalised(stopKeywords);
        this.startKeywords = normalised(startKeywords);
        this.stopPayloads = normalised(stopPayloads);
        Map<String, Scope> scopes = new HashMap<>(DEFAULT_KEYWORD_SCOPES);
        keywordScopes.forEach((word, scope) -> scopes.put(normalise(word), scope));
        this.keywordScopes = Map.copyOf(scopes);
        this.defaultScope = defaultScope;
    }

    /** The scope of a stop keyword or payload. */
    public Scope scopeOf(String keyword) {
        return keywordScopes.getOrDefault(normalise(keyword), defaultScope);
    }

    public Scope defaultScope() {
        return defaultScope;
    }

    /** An inbound text message. */
    public Optional<OptOut> fromText(Who who, String body, Instant at) {
        String word = normalise(body);
        if (stopKeywords.contains(word)) {
            return optOut(who, scopeOf(word), Action.OPT_OUT, Source.KEYWORD, at);
        }
        if (startKeywords.contains(word)) {
            return optOut(who, Scope.ALL, Action.OPT_IN, Source.KEYWORD, at);
        }
        return Optional.empty();
    }

    /** A quick-reply button ({@code button{payload, text}}) or an interactive reply ({@code id}, {@code title}). */
    public Optional<OptOut> fromButton(Who who, String payload, String text, Instant at) {
        String p = normalise(payload);
        String t = normalise(text);
        if (stopPayloads.contains(p) || stopKeywords.contains(p)) {
            return optOut(who, scopeOf(p), Action.OPT_OUT, Source.BUTTON, at);
        }
        if (stopKeywords.contains(t)) {
            return optOut(who, scopeOf(t), Action.OPT_OUT, Source.BUTTON, at);
        }
        if (startKeywords.contains(p) || startKeywords.contains(t)) {
            return optOut(who, Scope.ALL, Action.OPT_IN, Source.BUTTON, at);
        }
        return Optional.empty();
    }

    /** One element of a {@code user_preferences} change: {@code category} marketing_messages, {@code value} stop/resume. Always MARKETING. */
    public Optional<OptOut> fromUserPreference(Who who, String category, String value, Instant at) {
        if (category != null && !category.toLowerCase(Locale.ROOT).contains("marketing")) {
            return Optional.empty();
        }
        return switch (normalise(value)) {
            case "STOP" -> optOut(who, Scope.MARKETING, Action.OPT_OUT, Source.USER_PREFERENCES, at);
            case "RESUME" -> optOut(who, Scope.MARKETING, Action.OPT_IN, Source.USER_PREFERENCES, at);
            default -> Optional.empty();
        };
    }

    /** A status: only {@code failed} with 131050 means anything here, a MARKETING opt-out. {@code who.waId} is ignored: the status's recipient_id is used. */
    public Optional<OptOut> fromStatus(StatusEvent status, Who who) {
        if (status.status() != DeliveryStatus.FAILED || status.error() == null
                || status.error().code() == null || status.error().code() != STOPPED_MARKETING) {
            return Optional.empty();
        }
        return optOut(new Who(status.recipientId(), who.userId(), who.phoneNumberId()), Scope.MARKETING,
                Action.OPT_OUT, Source.ERROR_131050, status.at());
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

    /** A BSUID as Meta sent it, trimmed; null for none. Not validated beyond that (Meta says "alphanumeric", §4.5). */
    public static String userId(String userId) {
        return userId == null || userId.isBlank() ? null : userId.strip();
    }

    private static Optional<OptOut> optOut(Who who, Scope scope, Action action, Source source, Instant at) {
        String phone = phone(who.waId()).orElse(null);
        String userId = userId(who.userId());
        if (phone == null && userId == null) {
            return Optional.empty();
        }
        return Optional.of(new OptOut(phone, userId, who.phoneNumberId(), scope, action, source, at));
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
