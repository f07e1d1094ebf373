package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.CampaignTransition;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.webhook.config.OutcomeConfig;
import dev.sandesh.webhook.domain.StorefrontEvent;
import dev.sandesh.webhook.domain.StorefrontEventType;
import dev.sandesh.webhook.persistence.StorefrontEvents;
import dev.sandesh.webhook.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Handles one {@link CampaignTransition} body from broadcast-service, whichever adapter received it
 * ({@link CampaignEventConsumer} on AMQP, {@code api.CampaignEventCloudEventResource} on Knative):
 * records its storefront event ({@code sandesh.campaign.completed} …), keyed by the history row, so
 * a redelivered message is no second event. Not a valid transition: {@link WireFormatException}
 * (poison); any other failure is retried like an outcome ({@code sandesh.webhook.outcomes.*}).
 */
@ApplicationScoped
public class CampaignEventHandler {

    private final StorefrontEvents storefrontEvents;
    private final Transactions transactions;
    private final OutcomeConfig config;

    CampaignEventHandler(StorefrontEvents storefrontEvents, Transactions transactions, OutcomeConfig config) {
        this.storefrontEvents = storefrontEvents;
        this.transactions = transactions;
        this.config = config;
    }

    /** @return events recorded (0 for one already known or a type not enabled) */
    public Uni<Integer> handle(byte[] body) {
        CampaignTransition transition;
        try {
            transition = WireJson.decode(body, CampaignTransition.class, CampaignTransition.VERSION);
        } catch (WireFormatException poison) {
            return Uni.createFrom().failure(poison);
        }
        StorefrontEvent event = StorefrontEvent.campaign(StorefrontEventType.ofTransition(transition.kind()),
                transition.historyId(), transition.campaignId(), transition.reason(), transition.at());
        return Uni.createFrom().deferred(() -> transactions.inTransaction(() -> storefrontEvents.add(List.of(event))))
                .onFailure().retry().withBackOff(config.initialBackoff()).withJitter(0.3).atMost(config.maxRetries());
    }
}
