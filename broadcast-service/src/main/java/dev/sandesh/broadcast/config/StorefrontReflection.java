package dev.sandesh.broadcast.config;

import dev.sandesh.broadcast.client.StorefrontEventPage;
import dev.sandesh.contracts.CampaignTransition;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What the storefront-events path (de)serialises, registered for native builds. */
@RegisterForReflection(targets = {CampaignTransition.class, CampaignTransition.Kind.class, StorefrontEventPage.class})
final class StorefrontReflection {

    private StorefrontReflection() {
    }
}
