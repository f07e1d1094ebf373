package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One campaign through the four real processes, the real PostgreSQL and the real RabbitMQ:
 * every valid recipient is read, nobody is messaged twice, and what the campaign API says is
 * what the databases hold.
 */
@Order(RunningStack.SHARED)
class CampaignFlowIT {

    private static final int VALID = 500;
    @RegisterExtension
    static final RunningStack sandesh = RunningStack.shared();

    @Test
    void everyValidRecipientIsReadOnceAndTheApiAgreesWithTheDatabases() throws Exception {
        sandesh.client().resetSimulatorAudit(); // counts below are this campaign's alone, whatever ran before
        var campaign = DemoAudience.campaign("system test", VALID, 4, 3, 7);

        JsonNode created = sandesh.client().createCampaign(campaign).requireStatus(201).body();
        String id = created.path("id").asText();
        assertThat(created.path("counts").path("valid").asLong()).isEqualTo(VALID);
        assertThat(created.path("counts").path("rejected").path("total").asLong()).isEqualTo(7);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).read() == VALID);

        CampaignProgress progress = CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body());
        assertThat(progress.failed()).isZero();
        assertThat(progress.unknown()).isZero();
        assertThat(progress.stale()).isFalse();
        assertThat(progress.recipients()).isEqualTo(VALID + 7);

        JsonNode audit = sandesh.client().simulatorAudit().requireStatus(200).body();
        assertThat(audit.path("accepted").asLong()).as("sends the simulator accepted").isEqualTo(VALID);
        assertThat(audit.path("recipients").path("distinct").asLong()).isEqualTo(VALID);
        assertThat(audit.path("recipients").path("duplicated").asLong()).as("recipients messaged more than once").isZero();

        assertThat(databaseCounts(UUID.fromString(id))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "broadcast.valid", (long) VALID,
                "broadcast.rejected", 7L,
                "sender.accepted", (long) VALID,
                "webhook.read", (long) VALID,
                "webhook.read_with_delivery_time_or_skipped", (long) VALID,
                "webhook.priced", (long) VALID));
    }

    @Test
    void theGrafanaCostPanelShowsWhatMetaChargedAndWhatAProviderWouldHave() throws Exception {
        var campaign = DemoAudience.campaign("cost panel", 40, 0, 0, 11);
        String id = sandesh.client().createCampaign(campaign).requireStatus(201).body().path("id").asText();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).read() == 40);

        var dashboard = CostDashboard.load(sandesh.stack().options().repoRoot());
        JsonNode api = sandesh.client().campaignCost(id).requireStatus(200).body();
        try (var db = sandesh.stack().openDatabase()) {
            // 40 delivered Indian marketing messages at the shipped card's ₹0.8631.
            var paid = dashboard.panel("Paid to Meta", db, id);
            assertThat(paid).singleElement().satisfies(r -> {
                assertThat((BigDecimal) r.get("paid to Meta")).isEqualByComparingTo("34.52");
                assertThat(((Number) r.get("billable delivered")).longValue()).isEqualTo(40);
            });
            assertThat(api.path("metaCost").decimalValue()).as("the API and the panel, to the paisa").isEqualByComparingTo("34.52");

            var providers = dashboard.panel("Through each provider", db, id);
            assertThat(providers).isNotEmpty();
            for (JsonNode provider : api.path("providers")) {
                var row = providers.stream().filter(r -> provider.path("label").asText(provider.path("name").asText())
                        .equals(r.get("provider"))).findFirst();
                assertThat(row).as("provider %s on the panel", provider).isPresent();
                assertThat((BigDecimal) row.get().get("cost")).as("%s: API and panel agree", provider.path("name").asText())
                        .isEqualByComparingTo(provider.path("cost").decimalValue());
            }
        }
    }

    private static Map<String, Long> databaseCounts(UUID campaign) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (var db = sandesh.stack().openDatabase()) {
            String[][] queries = {
                    {"broadcast.valid", "select count(*) from broadcast.recipient where campaign_id = ? and rejection_reason is null"},
                    {"broadcast.rejected", "select count(*) from broadcast.recipient where campaign_id = ? and rejection_reason is not null"},
                    {"sender.accepted", "select count(*) from sender.send_ledger where campaign_id = ? and state = 'ACCEPTED' and wamid is not null"},
                    {"webhook.read", "select count(*) from webhook.message_status where campaign_id = ? and status = 'read'"},
                    {"webhook.read_with_delivery_time_or_skipped", "select count(*) from webhook.message_status where campaign_id = ? and read_at is not null and sent_at is not null"},
                    {"webhook.priced", "select count(*) from webhook.message_status where campaign_id = ? and pricing_category = 'marketing'"},
            };
            for (String[] query : queries) {
                try (var statement = db.prepareStatement(query[1])) {
                    statement.setObject(1, campaign);
                    try (var rows = statement.executeQuery()) {
                        rows.next();
                        counts.put(query[0], rows.getLong(1));
                    }
                }
            }
        }
        return counts;
    }
}
