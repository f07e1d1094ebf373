package dev.sandesh.sender.config;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.sender.domain.ProductPolicy;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The contracts' records Jackson reads and writes, registered so that native builds keep them, and
 * the domain's {@link ProductPolicy}, which the request body carries (domain has no framework types).
 */
@RegisterForReflection(targets = {
        SendBatch.class, SendBatch.Recipient.class, TemplateRef.class,
        BatchOutcome.class, BatchOutcome.RecipientOutcome.class, BatchOutcome.Result.class,
        CampaignControl.class, CampaignControl.Command.class, OptOut.class, OptOut.Action.class, OptOut.Source.class, OptOut.Scope.class,
        ProductPolicy.class})
public final class WireEventsReflection {

    private WireEventsReflection() {
    }
}
