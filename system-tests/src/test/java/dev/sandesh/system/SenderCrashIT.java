package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * sender-service killed (SIGKILL) or stopped (SIGTERM) in the middle of a campaign, then restarted:
 * the batches it held unacknowledged are redelivered, and its ledger makes sure that no recipient is
 * messaged twice. After a SIGKILL, exactly the recipients whose attempt had started (the request may
 * have left) are reported UNKNOWN, never sent again; the ones it had claimed but not started are
 * sent by the redelivery. After a SIGTERM it drains: the requests in flight finish and are recorded,
 * the rest are released, and nobody is UNKNOWN.
 */
class SenderCrashIT {

    private static final int VALID = 1_000;
    @RegisterExtension
    static final RunningStack sandesh = new RunningStack(100, 50);

    @Test
    void aSenderKilledMidCampaignSendsNobodyTwiceAndReportsTheAmbiguousOnesUnknown() throws Exception {
        sandesh.client().resetSimulatorAudit();
        JsonNode created = sandesh.client().createCampaign(DemoAudience.campaign("sender crash", VALID, 0, 0, 11)).requireStatus(201).body();
        UUID campaign = UUID.fromString(created.path("id").asText());

        // Mid-campaign: a good part sent, a good part still queued.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledger(campaign).values().stream().mapToLong(Long::longValue).sum() >= VALID / 4);
        sandesh.stack().kill(LocalStack.App.SENDER);
        Map<String, Long> atCrash = ledger(campaign);
        assertThat(atCrash.values().stream().mapToLong(Long::longValue).sum()).isLessThan(VALID);
        long startedAtCrash = claimed(campaign, true);
        long unstartedAtCrash = claimed(campaign, false);
        System.out.printf("SIGKILL: claimed and started %d, claimed and not started %d%n", startedAtCrash, unstartedAtCrash);

        sandesh.stack().restart(LocalStack.App.SENDER, Duration.ofSeconds(120));

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(campaign.toString()).requireStatus(200).body()).processed() >= VALID);

        JsonNode audit = sandesh.client().simulatorAudit().requireStatus(200).body();
        assertThat(audit.path("recipients").path("duplicated").asLong()).as("recipients messaged more than once").isZero();

        Map<String, Long> ledger = ledger(campaign);
        long accepted = ledger.getOrDefault("ACCEPTED", 0L);
        long unknown = ledger.getOrDefault("UNKNOWN", 0L);
        assertThat(ledger.keySet()).as("ledger states").isSubsetOf("ACCEPTED", "UNKNOWN");
        assertThat(accepted + unknown).as("every recipient has exactly one ledger row").isEqualTo(VALID);
        // Only the claims whose attempt had started are UNKNOWN: the not-started ones were sent by the redelivery.
        assertThat(unknown).as("UNKNOWN = the claims whose attempt had started at the crash").isEqualTo(startedAtCrash);
        // Those the simulator accepted but the sender could not record are exactly among the UNKNOWN ones.
        long simulatorAccepted = audit.path("accepted").asLong();
        assertThat(simulatorAccepted).isBetween(accepted, accepted + unknown);
        System.out.printf("SIGKILL: UNKNOWN %d, of which the simulator received %d%n", unknown, simulatorAccepted - accepted);
        assertThat(audit.path("recipients").path("distinct").asLong()).isEqualTo(simulatorAccepted);

        CampaignProgress progress = CampaignProgress.of(sandesh.client().campaign(campaign.toString()).requireStatus(200).body());
        assertThat(progress.unknown()).as("the campaign API shows the ambiguous ones").isEqualTo(unknown);
        assertThat(progress.failed()).isZero();
    }

    @Test
    void aSenderStoppedMidCampaignDrainsSendsNobodyTwiceAndLeavesNothingUnknown() throws Exception {
        sandesh.client().resetSimulatorAudit();
        JsonNode created = sandesh.client().createCampaign(DemoAudience.campaign("sender stop", VALID, 0, 0, 12)).requireStatus(201).body();
        UUID campaign = UUID.fromString(created.path("id").asText());

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledger(campaign).values().stream().mapToLong(Long::longValue).sum() >= VALID / 4);
        sandesh.stack().stop(LocalStack.App.SENDER); // SIGTERM (SIGKILL only after 10 s)

        Map<String, Long> atStop = ledger(campaign);
        assertThat(atStop.values().stream().mapToLong(Long::longValue).sum()).isLessThan(VALID);
        assertThat(atStop).as("the drain recorded every request in flight and released every other claim")
                .doesNotContainKeys("CLAIMED", "UNKNOWN");
        assertThat(LocalStack.tail(sandesh.stack().log(LocalStack.App.SENDER), 200))
                .as("the sender drained rather than being killed").contains("every batch in hand is recorded and settled");

        sandesh.stack().restart(LocalStack.App.SENDER, Duration.ofSeconds(120));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(campaign.toString()).requireStatus(200).body()).processed() >= VALID);

        JsonNode audit = sandesh.client().simulatorAudit().requireStatus(200).body();
        assertThat(audit.path("recipients").path("duplicated").asLong()).as("recipients messaged more than once").isZero();
        Map<String, Long> ledger = ledger(campaign);
        assertThat(ledger).as("everyone sent once, nobody UNKNOWN").containsOnlyKeys("ACCEPTED");
        assertThat(ledger.get("ACCEPTED")).isEqualTo(VALID);
        assertThat(audit.path("accepted").asLong()).isEqualTo(VALID);
        CampaignProgress progress = CampaignProgress.of(sandesh.client().campaign(campaign.toString()).requireStatus(200).body());
        assertThat(progress.unknown()).isZero();
        assertThat(progress.failed()).isZero();
    }

    /** The campaign's ledger rows still CLAIMED, with or without their attempt started. */
    private static long claimed(UUID campaign, boolean started) throws Exception {
        try (var connection = sandesh.stack().openDatabase();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM sender.send_ledger WHERE campaign_id = ? "
                     + "AND state = 'CLAIMED' AND (attempt_started_at IS NOT NULL) = ?")) {
            query.setObject(1, campaign);
            query.setBoolean(2, started);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The sender's ledger rows of the campaign, by state. */
    private static Map<String, Long> ledger(UUID campaign) throws Exception {
        Map<String, Long> states = new HashMap<>();
        try (var connection = sandesh.stack().openDatabase();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT state, count(*) FROM sender.send_ledger WHERE campaign_id = ? GROUP BY state")) {
            query.setObject(1, campaign);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return states;
    }
}
