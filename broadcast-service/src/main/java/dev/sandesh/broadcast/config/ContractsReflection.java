package dev.sandesh.broadcast.config;

import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Contract records Jackson reads and writes, kept for native builds. */
@RegisterForReflection(targets = {
        SendBatch.class, SendBatch.Recipient.class, TemplateRef.class,
        OptOut.class, OptOut.Action.class, OptOut.Source.class,
        dev.sandesh.contracts.TemplateEvent.class, dev.sandesh.contracts.TemplateEvent.Kind.class,
        CampaignStats.class, dev.sandesh.contracts.CampaignControl.class, dev.sandesh.contracts.CampaignControl.Command.class,
        dev.sandesh.broadcast.client.RecipientStatePage.class, dev.sandesh.broadcast.client.RecipientStatePage.RecipientState.class,
        dev.sandesh.contracts.pricing.CampaignCost.class, dev.sandesh.contracts.pricing.CampaignCost.CategoryCost.class,
        dev.sandesh.contracts.pricing.CampaignCost.ProviderCost.class, dev.sandesh.contracts.pricing.CampaignCost.Plan.class,
        dev.sandesh.contracts.pricing.CostComparison.ProviderCost.class, dev.sandesh.contracts.pricing.CostComparison.Plan.class})
public final class ContractsReflection {

    private ContractsReflection() {
    }
}
