package dev.sandesh.simulator.config;

import dev.sandesh.simulator.domain.TemplateStatus;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code sandesh.simulator.*} knob; REFERENCE.md lists them with defaults and examples. */
@ConfigMapping(prefix = "sandesh.simulator")
public interface SimulatorConfig {

    /** The bearer token senders must present (Meta's system-user token). */
    @WithDefault("sim-access-token")
    String accessToken();

    /** Key of the {@code X-Hub-Signature-256} HMAC on status webhooks. */
    @WithDefault("sim-app-secret")
    String appSecret();

    /** Where status webhooks are POSTed; empty or {@code none} sends none. */
    Optional<String> webhookUrl();

    /** Messages per second per phone number id; 0 or negative means unlimited. */
    @WithDefault("80")
    double rate();

    /** Token-bucket capacity in messages; defaults to one second's worth ({@code rate}). */
    Optional<Double> burst();

    /** The business phone number ids the account owns. */
    @WithDefault("106540352242922")
    List<String> phoneNumberIds();

    /** {@code metadata.display_phone_number} in webhooks. */
    @WithDefault("15550783881")
    String displayPhoneNumber();

    /** The WhatsApp Business Account id, {@code entry[].id} in webhooks. */
    @WithDefault("102290129340398")
    String wabaId();

    /** Recipients whose digits end with one of these get {@code failed} (131026) instead of delivered. */
    Optional<List<String>> undeliverableSuffixes();

    /** Per phone number id: its own throughput limit and display number (ids here are owned too). */
    Map<String, PhoneNumber> numbers();

    /** Meta's pair rate limit (131056). */
    PairRate pairRate();

    /** Recipient behaviours, first match wins: {@code recipient-rules[0].suffix=0000} ... */
    Optional<List<RecipientRuleConfig>> recipientRules();

    /** {@code ok}, {@code blocked} (368), {@code locked} (131031) or {@code token-expired} (190). */
    @WithDefault("ok")
    String accountState();

    Faults faults();

    interface PhoneNumber {
        /** Messages/s for this number; 0 or negative = unlimited; absent = the global {@code rate}. */
        Optional<Double> rate();

        Optional<Double> burst();

        Optional<String> displayPhoneNumber();
    }

    interface PairRate {
        @WithDefault("true")
        boolean enabled();

        /** One message per interval to the same recipient, sustained. */
        @WithDefault("6s")
        Duration interval();

        /** Messages to one recipient allowed at once. */
        @WithDefault("45")
        int burst();
    }

    interface RecipientRuleConfig {
        Optional<String> prefix();

        Optional<String> suffix();

        Optional<String> regex();

        /** Calling code, e.g. {@code 91}. */
        Optional<String> country();

        /** Share of the matching recipients, 0..100. */
        Optional<Double> percent();

        /** read, delivered-not-read, undeliverable, stopped-marketing, marketing-cap. */
        String outcome();

        Optional<Duration> readDelay();
    }

    interface Faults {
        /** Share of sends answered HTTP 500 (131000), 0..1. */
        @WithDefault("0")
        double serverErrorShare();

        /** Share of sends answered HTTP 503 (131016), 0..1. */
        @WithDefault("0")
        double unavailableShare();

        /** Share of accepted sends whose answer never comes, 0..1. */
        @WithDefault("0")
        double timeoutShare();

        /** How long an unanswered request is held before its connection is closed. */
        @WithDefault("30s")
        Duration timeoutHold();

        @WithDefault("0ms")
        Duration latencyMedian();

        Optional<Duration> latencyP99();
    }

    /**
     * Count-only templates (the older form), keyed by template name; they are added to (and override
     * per language) the catalogue below.
     */
    Map<String, Template> templates();

    /**
     * A JSON file of templates in Meta's {@code message_templates} shape ({@code {"data":[…]}}) to use
     * instead of the built-in dessert-brand catalogue ({@code templates/default-templates.json}).
     */
    Optional<String> templateCatalogue();

    /** Page size of {@code GET /{WABA-ID}/message_templates} when the caller gives no {@code limit}. */
    @WithDefault("10")
    int templatesPageSize();

    /**
     * How long a message answered {@code held_for_quality_assessment} (outcome {@code held}) waits before
     * it is released and gets its statuses; absent = only on demand
     * ({@code POST /_simulator/templates/{name}/{language}/held}).
     */
    Optional<Duration> heldReleaseAfter();

    /** Accepted sends whose values are kept for {@code /_simulator/audit/sends} (a ring; older ones drop out). */
    @WithDefault("10000")
    int auditSendsKept();

    Webhook webhook();

    interface Template {
        /** Language codes the template is translated into. */
        @WithDefault("en")
        List<String> languages();

        @WithDefault("marketing")
        String category();

        @WithDefault("0")
        int headerParameters();

        @WithDefault("0")
        int bodyParameters();

        @WithDefault("0")
        int buttonParameters();

        @WithDefault("APPROVED")
        TemplateStatus status();
    }

    interface Webhook {
        /** Delay from acceptance to the {@code sent} status. */
        @WithDefault("50ms")
        Duration sentDelay();

        /** Delay from acceptance to {@code delivered} (or {@code failed}). */
        @WithDefault("150ms")
        Duration deliveredDelay();

        /** Delay from acceptance to {@code read}. */
        @WithDefault("300ms")
        Duration readDelay();

        /** How often due statuses are collected into POSTs. */
        @WithDefault("5ms")
        Duration flushInterval();

        /** Most status objects in one POST. */
        @WithDefault("100")
        int maxStatusesPerPost();

        /** Attempts per POST (first one included) before it is abandoned. */
        @WithDefault("20")
        int maxAttempts();

        /** Delay before the first retry; doubles per attempt. */
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /** Time allowed for the receiver to answer one POST. */
        @WithDefault("5s")
        Duration timeout();

        /** Connections kept to the receiver. */
        @WithDefault("16")
        int maxConnections();

        /** Share of status POSTs delivered twice, 0..1. */
        @WithDefault("0")
        double duplicateShare();

        /** Share of messages whose {@code sent} arrives after their next status, 0..1. */
        @WithDefault("0")
        double reorderShare();

        /** Share of read messages whose {@code delivered} is skipped, 0..1. */
        @WithDefault("0")
        double skipDeliveredShare();

        /** How long after the overtaking status a reordered {@code sent} comes. */
        @WithDefault("50ms")
        Duration reorderGap();

        /** Webhook attempts kept for {@code GET /_simulator/webhooks/attempts}. */
        @WithDefault("1000")
        int attemptLogSize();
    }
}
