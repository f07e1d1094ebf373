package dev.sandesh.webhook.domain;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvent types the storefront receives (issue 12 item 5), each with its wire name. */
public enum StorefrontEventType {
    CAMPAIGN_COMPLETED("sandesh.campaign.completed"),
    CAMPAIGN_HALTED("sandesh.campaign.halted"),
    CAMPAIGN_PAUSED("sandesh.campaign.paused"),
    CAMPAIGN_RESUMED("sandesh.campaign.resumed"),
    MESSAGE_DELIVERED("sandesh.message.delivered"),
    MESSAGE_READ("sandesh.message.read"),
    MESSAGE_FAILED("sandesh.message.failed"),
    MESSAGE_REPLIED("sandesh.message.replied"),
    OPTOUT("sandesh.optout");

    private final String wireName;

    StorefrontEventType(String wireName) {
        this.wireName = wireName;
    }

    /** The CloudEvent {@code type}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<StorefrontEventType> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    /** The campaign-level type of a transition broadcast-service relays. */
    public static StorefrontEventType ofTransition(dev.sandesh.contracts.CampaignTransition.Kind kind) {
        return switch (kind) {
            case COMPLETED -> CAMPAIGN_COMPLETED;
            case HALTED -> CAMPAIGN_HALTED;
            case PAUSED -> CAMPAIGN_PAUSED;
            case RESUMED -> CAMPAIGN_RESUMED;
        };
    }

    /** The message-level type a status on the lattice reports, if any (accepted and sent report nothing). */
    public static Optional<StorefrontEventType> ofStatus(DeliveryStatus status) {
        return switch (status) {
            case DELIVERED -> Optional.of(MESSAGE_DELIVERED);
            case READ -> Optional.of(MESSAGE_READ);
            case FAILED -> Optional.of(MESSAGE_FAILED);
            case ACCEPTED, SENT -> Optional.empty();
        };
    }
}
