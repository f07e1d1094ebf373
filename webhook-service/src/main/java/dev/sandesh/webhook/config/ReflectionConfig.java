package dev.sandesh.webhook.config;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.contracts.pricing.CampaignCost;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Records from contracts that Jackson reads or writes, kept for native builds. */
@RegisterForReflection(targets = {BatchOutcome.class, BatchOutcome.RecipientOutcome.class, BatchOutcome.Result.class, CampaignStats.class,
        TemplateEvent.class, TemplateEvent.Kind.class,
        CampaignCost.class, CampaignCost.CategoryCost.class, CampaignCost.ProviderCost.class, CampaignCost.Plan.class})
public class ReflectionConfig {
}
