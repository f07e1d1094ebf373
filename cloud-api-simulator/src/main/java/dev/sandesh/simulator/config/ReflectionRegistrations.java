package dev.sandesh.simulator.config;

import dev.sandesh.simulator.api.AuditReport;
import dev.sandesh.simulator.api.SimulatorResource;
import dev.sandesh.simulator.api.SimulatorSettings;
import dev.sandesh.simulator.api.TemplateControlResource;
import dev.sandesh.simulator.api.TemplateView;
import dev.sandesh.simulator.domain.SendAudit;
import dev.sandesh.simulator.domain.TemplateStatus;
import dev.sandesh.simulator.domain.WebhookAttemptLog;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson (de)serialises that Quarkus may not discover from REST signatures alone (nested
 * records, framework-free domain records), registered so a native build serialises them too.
 */
@RegisterForReflection(targets = {
        AuditReport.class, AuditReport.Rejections.class, AuditReport.Webhooks.class, AuditReport.RecipientAudit.class,
        AuditReport.RateLimited.class, AuditReport.Faults.class, AuditReport.Sent.class, AuditReport.Value.class,
        SendAudit.RecipientSummary.class, SendAudit.RecipientCount.class,
        SimulatorSettings.class, SimulatorSettings.NumberSettings.class, SimulatorSettings.PairRate.class,
        SimulatorSettings.Faults.class, SimulatorSettings.Webhook.class, SimulatorSettings.RuleView.class,
        SimulatorResource.InboundRequest.class, SimulatorResource.InboundRequest.Button.class,
        SimulatorResource.PreferenceRequest.class, SimulatorResource.InboundQueued.class,
        SimulatorResource.MarketingFaultView.class, SimulatorResource.HeldView.class, TemplateControlResource.EventSent.class, TemplateControlResource.HeldVerdict.class,
        WebhookAttemptLog.Attempt.class, TemplateView.class, TemplateStatus.class })
public final class ReflectionRegistrations {

    private ReflectionRegistrations() {
    }
}
