package dev.sandesh.webhook.config;

import dev.sandesh.contracts.CampaignTransition;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What the storefront-events path decodes, registered for native builds. */
@RegisterForReflection(targets = {CampaignTransition.class, CampaignTransition.Kind.class})
final class StorefrontReflection {

    private StorefrontReflection() {
    }
}
