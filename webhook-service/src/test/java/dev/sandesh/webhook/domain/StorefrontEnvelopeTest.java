package dev.sandesh.webhook.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class StorefrontEnvelopeTest {

    private static final UUID CAMPAIGN = UUID.fromString("6f1c2a44-0000-4000-8000-000000000001");
    private static final Instant AT = Instant.parse("2026-10-20T06:31:00Z");

    @Test
    void aFailedSendIsAStructuredCloudEventWithMetasErrorAndNoNulls() {
        StorefrontEvent event = StorefrontEvent.sendFailed(CAMPAIGN, 4, "cust-4", 131026, "Message undeliverable", AT);
        UUID id = UUID.randomUUID();
        var envelope = new StorefrontEnvelope(17, id, event.type().wireName(), event.campaignId().toString(), event.occurredAt(), event.data());

        assertThat(envelope.toCloudEvent("urn:sandesh:webhook-service")).containsExactly(
                entry("specversion", "1.0"),
                entry("id", id.toString()),
                entry("source", "urn:sandesh:webhook-service"),
                entry("type", "sandesh.message.failed"),
                entry("subject", CAMPAIGN.toString()),
                entry("time", "2026-10-20T06:31:00Z"),
                entry("datacontenttype", "application/json"),
                entry("sequence", "17"),
                entry("data", event.data()));
        assertThat(event.data()).containsExactly(entry("campaignId", CAMPAIGN.toString()), entry("sequence", 4L),
                entry("externalId", "cust-4"), entry("status", "failed"), entry("errorCode", 131026),
                entry("errorTitle", "Message undeliverable"));
    }

    @Test
    void aFactKeepsItsKeySoRecordingItAgainIsNoSecondEvent() {
        assertThat(StorefrontEvent.sendFailed(CAMPAIGN, 4, null, 131026, "x", AT).dedupKey())
                .isEqualTo(StorefrontEvent.sendFailed(CAMPAIGN, 4, null, 131026, "x", AT.plusSeconds(60)).dedupKey())
                .isNotEqualTo(StorefrontEvent.sendFailed(CAMPAIGN, 4, null, 131049, "x", AT).dedupKey());
        assertThat(StorefrontEvent.campaign(StorefrontEventType.CAMPAIGN_COMPLETED, 9, CAMPAIGN, null, AT).dedupKey()).isEqualTo("campaign:9");
    }

    @Test
    void aCampaignEventWithoutASubjectLeavesSubjectOut() {
        var envelope = new StorefrontEnvelope(1, UUID.randomUUID(), "sandesh.optout", null, AT, null);
        assertThat(envelope.toCloudEvent("urn:x")).doesNotContainKey("subject").containsEntry("data", java.util.Map.of());
    }
}
