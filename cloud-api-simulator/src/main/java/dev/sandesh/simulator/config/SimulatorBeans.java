package dev.sandesh.simulator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.simulator.api.TemplateJson;
import dev.sandesh.simulator.domain.HeldMessages;
import dev.sandesh.simulator.domain.MessageIntake;
import dev.sandesh.simulator.domain.MessageTemplate;
import dev.sandesh.simulator.domain.PairRateLimiter;
import dev.sandesh.simulator.domain.PhoneNumbers;
import dev.sandesh.simulator.domain.RecipientOutcome;
import dev.sandesh.simulator.domain.RecipientRule;
import dev.sandesh.simulator.domain.RecipientRules;
import dev.sandesh.simulator.domain.RetryBackoff;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.SentMessageLog;
import dev.sandesh.simulator.domain.StatusSchedule;
import dev.sandesh.simulator.domain.TemplateCategory;
import dev.sandesh.simulator.domain.TemplateRegistry;
import dev.sandesh.simulator.domain.ThroughputLimiter;
import dev.sandesh.simulator.domain.WamidGenerator;
import dev.sandesh.simulator.domain.WebhookAttemptLog;
import dev.sandesh.simulator.domain.WebhookSignature;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Turns configuration into the domain objects; each is one application-wide instance. */
public class SimulatorBeans {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }

    /**
     * The catalogue (built in, or {@code template-catalogue}), then the count-only
     * {@code templates.<name>.*} entries, which replace a catalogue translation of the same name + language.
     */
    @Produces
    @Singleton
    TemplateRegistry templateRegistry(SimulatorConfig config, ObjectMapper mapper) throws IOException {
        JsonNode catalogue;
        if (config.templateCatalogue().isPresent()) {
            catalogue = mapper.readTree(Path.of(config.templateCatalogue().get()).toFile());
        } else {
            try (InputStream in = SimulatorBeans.class.getResourceAsStream("/templates/default-templates.json")) {
                catalogue = mapper.readTree(in);
            }
        }
        List<MessageTemplate> templates = new ArrayList<>();
        AtomicLong ids = new AtomicLong(2_029_384_756_000_000L);
        for (JsonNode t : catalogue.path("data")) {
            templates.add(TemplateJson.read(t, String.valueOf(ids.incrementAndGet())));
        }
        config.templates().forEach((name, t) -> t.languages().forEach(language -> templates.add(
                MessageTemplate.ofCounts(String.valueOf(ids.incrementAndGet()), name, language.strip(),
                        TemplateCategory.parse(t.category()), t.headerParameters(), t.bodyParameters(),
                        t.buttonParameters(), t.status()))));
        return new TemplateRegistry(templates);
    }

    @Produces
    @Singleton
    HeldMessages heldMessages(SimulatorConfig config) {
        return new HeldMessages(config.heldReleaseAfter().orElse(null));
    }

    @Produces
    @Singleton
    SentMessageLog sentMessageLog(SimulatorConfig config) {
        return new SentMessageLog(config.auditSendsKept());
    }

    @Produces
    @Singleton
    PhoneNumbers phoneNumbers(SimulatorConfig config) {
        Map<String, String> display = new LinkedHashMap<>();
        config.phoneNumberIds().forEach(id -> display.put(id.strip(), config.displayPhoneNumber()));
        config.numbers().forEach((id, number) ->
                display.put(id, number.displayPhoneNumber().orElse(config.displayPhoneNumber())));
        return new PhoneNumbers(display, config.displayPhoneNumber());
    }

    @Produces
    @Singleton
    ThroughputLimiter throughputLimiter(SimulatorConfig config) {
        ThroughputLimiter.Limits defaults = ThroughputLimiter.Limits.of(config.rate(), config.burst().orElse(null));
        Map<String, ThroughputLimiter.Limits> overrides = new HashMap<>();
        config.numbers().forEach((id, number) -> {
            if (number.rate().isPresent() || number.burst().isPresent()) {
                double rate = number.rate().orElse(defaults.rate());
                overrides.put(id, ThroughputLimiter.Limits.of(rate,
                        number.burst().orElse(number.rate().isPresent() ? null : defaults.burst())));
            }
        });
        return new ThroughputLimiter(defaults, overrides, System::nanoTime);
    }

    @Produces
    @Singleton
    PairRateLimiter pairRateLimiter(SimulatorConfig config) {
        SimulatorConfig.PairRate pair = config.pairRate();
        return new PairRateLimiter(new PairRateLimiter.Settings(pair.enabled(), pair.interval(), pair.burst()),
                System::nanoTime);
    }

    /** What the simulator charged, for pricing_analytics (PricingAnalyticsResource). */
    @Produces
    @Singleton
    dev.sandesh.simulator.domain.PricingLedger pricingLedger() {
        return new dev.sandesh.simulator.domain.PricingLedger();
    }

    @Produces
    @Singleton
    SendAudit sendAudit() {
        return new SendAudit();
    }

    @Produces
    @Singleton
    WebhookAttemptLog webhookAttemptLog(SimulatorConfig config) {
        return new WebhookAttemptLog(config.webhook().attemptLogSize());
    }

    @Produces
    @Singleton
    StatusSchedule statusSchedule(SimulatorConfig config) {
        SimulatorConfig.Webhook webhook = config.webhook();
        return new StatusSchedule(new StatusSchedule.Delays(webhook.sentDelay(), webhook.deliveredDelay(),
                webhook.readDelay(), webhook.reorderGap()));
    }

    @Produces
    @Singleton
    RecipientRules recipientRules(SimulatorConfig config) {
        List<RecipientRule> rules = new ArrayList<>();
        config.recipientRules().orElse(List.of()).forEach(r -> rules.add(new RecipientRule(r.prefix().orElse(null),
                r.suffix().orElse(null), r.regex().orElse(null), r.country().orElse(null), r.percent().orElse(null),
                RecipientOutcome.parse(r.outcome()), r.readDelay().orElse(null))));
        rules.addAll(RecipientRules.undeliverableSuffixes(config.undeliverableSuffixes().orElse(List.of())));
        return new RecipientRules(rules);
    }

    @Produces
    @Singleton
    WamidGenerator wamidGenerator() {
        return new WamidGenerator();
    }

    @Produces
    @Singleton
    WebhookSignature webhookSignature(SimulatorConfig config) {
        return new WebhookSignature(config.appSecret());
    }

    @Produces
    @Singleton
    RetryBackoff retryBackoff(SimulatorConfig config) {
        SimulatorConfig.Webhook webhook = config.webhook();
        return new RetryBackoff(webhook.initialBackoff(), webhook.maxBackoff(), webhook.maxAttempts());
    }

    @Produces
    @Singleton
    MessageIntake messageIntake(SimulatorConfig config, TemplateRegistry templates, ThroughputLimiter limiter,
                                PairRateLimiter pairRate, RecipientRules recipients, PhoneNumbers phoneNumbers,
                                WamidGenerator wamids, SendAudit audit, StatusSchedule schedule,
                                WebhookTarget webhookTarget, SimulatorState state, SentMessageLog sent,
                                InstantSource clock, HeldMessages held) {
        return new MessageIntake(config.accessToken(), new MessageIntake.Parts(templates, limiter, pairRate,
                recipients, phoneNumbers, wamids, audit, schedule, state::account, state::faults, state::quirks,
                () -> webhookTarget.url().isPresent(), System::nanoTime, sent, state::marketingFault,
                clock::millis, held));
    }
}
