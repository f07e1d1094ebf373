package dev.sandesh.simulator.config;

import dev.sandesh.simulator.domain.MessageIntake;
import dev.sandesh.simulator.domain.MessageTemplate;
import dev.sandesh.simulator.domain.RecipientRules;
import dev.sandesh.simulator.domain.RetryBackoff;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.StatusSchedule;
import dev.sandesh.simulator.domain.TemplateRegistry;
import dev.sandesh.simulator.domain.ThroughputLimiter;
import dev.sandesh.simulator.domain.WamidGenerator;
import dev.sandesh.simulator.domain.WebhookSignature;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;

/** Turns configuration into the domain objects; each is one application-wide instance. */
public class SimulatorBeans {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }

    @Produces
    @Singleton
    TemplateRegistry templateRegistry(SimulatorConfig config) {
        List<MessageTemplate> templates = config.templates().entrySet().stream()
                .map(e -> new MessageTemplate(e.getKey(), e.getValue().languages(), e.getValue().category(),
                        e.getValue().bodyParameters(), e.getValue().status()))
                .toList();
        return new TemplateRegistry(templates);
    }

    @Produces
    @Singleton
    ThroughputLimiter throughputLimiter(SimulatorConfig config) {
        return new ThroughputLimiter(ThroughputLimiter.Limits.of(config.rate(), config.burst().orElse(null)),
                System::nanoTime);
    }

    @Produces
    @Singleton
    SendAudit sendAudit() {
        return new SendAudit();
    }

    @Produces
    @Singleton
    StatusSchedule statusSchedule(SimulatorConfig config) {
        SimulatorConfig.Webhook webhook = config.webhook();
        return new StatusSchedule(webhook.sentDelay(), webhook.deliveredDelay(), webhook.readDelay());
    }

    @Produces
    @Singleton
    RecipientRules recipientRules(SimulatorConfig config) {
        return new RecipientRules(config.undeliverableSuffixes().orElse(List.of()));
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
                                RecipientRules recipients, WamidGenerator wamids, SendAudit audit,
                                StatusSchedule schedule, WebhookTarget webhookTarget) {
        return new MessageIntake(config.accessToken(), new HashSet<>(config.phoneNumberIds()), templates, limiter,
                recipients, wamids, audit, schedule, () -> webhookTarget.url().isPresent(), System::nanoTime);
    }
}
