package dev.sandesh.simulator.api;

import dev.sandesh.simulator.config.SimulatorState;
import dev.sandesh.simulator.config.WebhookTarget;
import dev.sandesh.simulator.domain.AccountState;
import dev.sandesh.simulator.domain.FaultPlan;
import dev.sandesh.simulator.domain.PairRateLimiter;
import dev.sandesh.simulator.domain.PhoneNumbers;
import dev.sandesh.simulator.domain.RecipientOutcome;
import dev.sandesh.simulator.domain.RecipientRule;
import dev.sandesh.simulator.domain.RecipientRules;
import dev.sandesh.simulator.domain.StatusSchedule;
import dev.sandesh.simulator.domain.ThroughputLimiter;
import dev.sandesh.simulator.domain.WebhookQuirks;
import jakarta.inject.Singleton;
import jakarta.ws.rs.BadRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and changes the runtime knobs behind {@code GET/PUT /_simulator/config}. A PUT is
 * validated in full before anything changes, so a bad field leaves every knob as it was.
 */
@Singleton
public class RuntimeSettings {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private final ThroughputLimiter limiter;
    private final PairRateLimiter pairRate;
    private final WebhookTarget webhookTarget;
    private final PhoneNumbers phoneNumbers;
    private final SimulatorState state;
    private final StatusSchedule schedule;
    private final RecipientRules recipients;

    public RuntimeSettings(ThroughputLimiter limiter, PairRateLimiter pairRate, WebhookTarget webhookTarget,
                           PhoneNumbers phoneNumbers, SimulatorState state, StatusSchedule schedule,
                           RecipientRules recipients) {
        this.limiter = limiter;
        this.pairRate = pairRate;
        this.webhookTarget = webhookTarget;
        this.phoneNumbers = phoneNumbers;
        this.state = state;
        this.schedule = schedule;
        this.recipients = recipients;
    }

    public SimulatorSettings view() {
        ThroughputLimiter.Limits limits = limiter.limits();
        Map<String, SimulatorSettings.NumberSettings> numbers = new LinkedHashMap<>();
        for (String id : phoneNumbers.ids()) {
            ThroughputLimiter.Limits own = limiter.limitsOf(id);
            numbers.put(id, new SimulatorSettings.NumberSettings(own.rate(), own.burst(),
                    limiter.overrides().containsKey(id), phoneNumbers.display(id)));
        }
        PairRateLimiter.Settings pair = pairRate.settings();
        FaultPlan f = state.faults();
        StatusSchedule.Delays d = schedule.delays();
        WebhookQuirks q = state.quirks();
        return new SimulatorSettings(limits.rate(), limits.burst(), webhookTarget.url().orElse(null), phoneNumbers.ids(),
                numbers, new SimulatorSettings.PairRate(pair.enabled(), pair.interval().toString(), pair.burst()),
                state.account().wire(),
                new SimulatorSettings.Faults(f.serverErrorShare(), f.unavailableShare(), f.timeoutShare(),
                        f.timeoutHold().toString(), f.latencyMedian().toString(),
                        f.latencyP99() == null ? null : f.latencyP99().toString()),
                new SimulatorSettings.Webhook(d.sent().toString(), d.delivered().toString(), d.read().toString(),
                        d.reorderGap().toString(), q.duplicateShare(), q.reorderShare(), q.skipDeliveredShare()),
                recipients.rules().stream().map(RuntimeSettings::ruleView).toList());
    }

    /** Applies a PUT body; see {@link SimulatorSettings} for the fields. */
    public synchronized void change(Map<String, Object> change) {
        if (change == null) {
            throw new BadRequestException("body must be a JSON object");
        }
        List<Runnable> apply = new ArrayList<>();
        try {
            plan(change, apply);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new BadRequestException(e.getMessage());
        }
        apply.forEach(Runnable::run);
    }

    private void plan(Map<String, Object> change, List<Runnable> apply) {
        if (change.containsKey("rate") || change.containsKey("burst")) {
            double rate = number(change, "rate").orElse(limiter.limits().rate());
            Double burst = number(change, "burst").orElse(change.containsKey("rate") ? null : limiter.limits().burst());
            ThroughputLimiter.Limits limits = ThroughputLimiter.Limits.of(rate, burst);
            apply.add(() -> limiter.change(limits));
        }
        if (change.containsKey("webhookUrl")) {
            Object url = change.get("webhookUrl");
            apply.add(() -> webhookTarget.change(url == null ? null : url.toString()));
        }
        if (change.get("numbers") != null) {
            map(change, "numbers").forEach((id, value) -> {
                if (!id.matches("[0-9]{1,20}")) {
                    throw new IllegalArgumentException("numbers: phone number id must be digits, was " + id);
                }
                if (value == null) {
                    apply.add(() -> limiter.changeNumber(id, null));
                    return;
                }
                Map<String, Object> number = asMap(value, "numbers." + id);
                Optional<String> display = string(number, "displayPhoneNumber");
                apply.add(() -> phoneNumbers.put(id, display.orElse(null)));
                if (number.containsKey("rate") || number.containsKey("burst")) {
                    ThroughputLimiter.Limits current = limiter.limitsOf(id);
                    double rate = number(number, "rate").orElse(current.rate());
                    Double burst = number(number, "burst").orElse(number.containsKey("rate") ? null : current.burst());
                    ThroughputLimiter.Limits limits = ThroughputLimiter.Limits.of(rate, burst);
                    apply.add(() -> limiter.changeNumber(id, limits));
                }
            });
        }
        if (change.get("pairRate") != null) {
            Map<String, Object> pair = map(change, "pairRate");
            PairRateLimiter.Settings current = pairRate.settings();
            PairRateLimiter.Settings settings = new PairRateLimiter.Settings(
                    bool(pair, "enabled").orElse(current.enabled()),
                    duration(pair, "interval").orElse(current.interval()),
                    number(pair, "burst").map(Double::intValue).orElse(current.burst()));
            apply.add(() -> pairRate.change(settings));
        }
        if (change.get("account") != null) {
            AccountState account = AccountState.parse(change.get("account").toString());
            apply.add(() -> state.account(account));
        }
        if (change.get("faults") != null) {
            Map<String, Object> faults = map(change, "faults");
            FaultPlan f = state.faults();
            FaultPlan plan = new FaultPlan(
                    number(faults, "serverErrorShare").orElse(f.serverErrorShare()),
                    number(faults, "unavailableShare").orElse(f.unavailableShare()),
                    number(faults, "timeoutShare").orElse(f.timeoutShare()),
                    duration(faults, "timeoutHold").orElse(f.timeoutHold()),
                    duration(faults, "latencyMedian").orElse(f.latencyMedian()),
                    faults.containsKey("latencyP99") ? duration(faults, "latencyP99").orElse(null) : f.latencyP99());
            apply.add(() -> state.faults(plan));
        }
        if (change.get("webhook") != null) {
            Map<String, Object> webhook = map(change, "webhook");
            StatusSchedule.Delays d = schedule.delays();
            StatusSchedule.Delays delays = new StatusSchedule.Delays(
                    duration(webhook, "sentDelay").orElse(d.sent()),
                    duration(webhook, "deliveredDelay").orElse(d.delivered()),
                    duration(webhook, "readDelay").orElse(d.read()),
                    duration(webhook, "reorderGap").orElse(d.reorderGap()));
            WebhookQuirks q = state.quirks();
            WebhookQuirks quirks = new WebhookQuirks(
                    number(webhook, "duplicateShare").orElse(q.duplicateShare()),
                    number(webhook, "reorderShare").orElse(q.reorderShare()),
                    number(webhook, "skipDeliveredShare").orElse(q.skipDeliveredShare()));
            apply.add(() -> schedule.changeDelays(delays));
            apply.add(() -> state.quirks(quirks));
        }
        if (change.containsKey("recipientRules")) {
            List<RecipientRule> rules = rules(change.get("recipientRules"));
            apply.add(() -> recipients.replace(rules));
        }
    }

    /** Parses a list of rules as {@code PUT /_simulator/config} and {@code /_simulator/recipient-rules} take them. */
    public static List<RecipientRule> rules(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("recipientRules must be a JSON array");
        }
        List<RecipientRule> rules = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> rule = asMap(item, "recipientRules[]");
            rules.add(new RecipientRule(string(rule, "prefix").orElse(null), string(rule, "suffix").orElse(null),
                    string(rule, "regex").orElse(null), string(rule, "country").orElse(null),
                    number(rule, "percent").orElse(null),
                    RecipientOutcome.parse(string(rule, "outcome").orElse("read")),
                    duration(rule, "readDelay").orElse(null)));
        }
        return rules;
    }

    static SimulatorSettings.RuleView ruleView(RecipientRule r) {
        return new SimulatorSettings.RuleView(r.prefix(), r.suffix(), r.regex(), r.country(), r.percent(),
                r.outcome().wire(), r.readDelay() == null ? null : r.readDelay().toString());
    }

    /** {@code "50ms"}, {@code "6s"}, {@code "2m"}, ISO-8601 {@code "PT6S"}, or a number of milliseconds. */
    static Optional<Duration> duration(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n) {
            return Optional.of(Duration.ofMillis(n.longValue()));
        }
        String text = value.toString().strip();
        if (text.toUpperCase().startsWith("P")) {
            try {
                return Optional.of(Duration.parse(text));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(key + " is not a duration: " + text);
            }
        }
        Matcher m = SIMPLE_DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " is not a duration (50ms, 6s, PT6S or milliseconds): " + text);
        }
        double amount = Double.parseDouble(m.group(1));
        long millis = Math.round(switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        });
        return Optional.of(Duration.ofMillis(millis));
    }

    static Optional<Double> number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n) {
            return Optional.of(n.doubleValue());
        }
        throw new IllegalArgumentException(key + " must be a number");
    }

    static Optional<Boolean> bool(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }

    static Optional<String> string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        if (value instanceof Number n) {
            return Optional.of(n.toString());
        }
        throw new IllegalArgumentException(key + " must be a string");
    }

    private static Map<String, Object> map(Map<String, Object> map, String key) {
        return asMap(map.get(key), key);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String name) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(name + " must be a JSON object");
    }
}
