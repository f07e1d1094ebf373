package dev.sandesh.sender.messaging;

import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.BatchOutcome.Result;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.client.CloudApiCall;
import dev.sandesh.sender.domain.LocalError;
import dev.sandesh.sender.pacing.SendSlotQueue;
import dev.sandesh.sender.fake.FakeCloudApi;
import dev.sandesh.sender.fake.FakeCloudApi.Script;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.sandesh.sender.messaging.BrokerTap.batch;
import static dev.sandesh.sender.messaging.BrokerTap.digits;
import static dev.sandesh.sender.messaging.BrokerTap.phoneNumberId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each error class leads to its action (halts, opt-outs, retries, adaptive pacing), the circuit
 * breaker re-queues what it kept back, and pause/cancel stop sends: against the fake Cloud API,
 * over the real broker and database.
 */
@QuarkusTest
class ErrorActionsAndControlsTest {

    /** %test.sandesh.internal.secret: /internal/numbers needs it as a bearer token. */
    private static final String INTERNAL_SECRET = "sandesh-dev-internal-secret-not-for-production";

    private static BrokerTap tap;

    @Inject
    FakeCloudApi api;

    @Inject
    Pool pool;

    @Inject
    SendSlotQueue pacing;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeAll
    static void connect() throws Exception {
        tap = new BrokerTap("sender-engine-test");
    }

    @AfterAll
    static void disconnect() throws Exception {
        tap.close();
    }

    @BeforeEach
    void closeTheBreaker() {
        breakers.resetAll();
    }

    // --- halting -----------------------------------------------------------------------------------

    @Test
    void aTemplateErrorHaltsItsCampaignAndItsLaterBatchesAreReportedHaltedWithTheReason() throws Exception {
        String number = phoneNumberId();
        UUID campaign = UUID.randomUUID();
        SendBatch first = batch(campaign, 0, number, 10, 0);
        api.script(digits(first.recipients().get(0)), new Script.MetaError(404, 132001, "Template name does not exist in the translation"));

        tap.publish(first);
        BatchOutcome outcome = tap.awaitOutcomes(campaign, 1).getFirst();

        RecipientOutcome failed = outcome.recipients().get(0);
        assertThat(failed.result()).isEqualTo(Result.FAILED);
        assertThat(failed.errorCode()).isEqualTo(132001);
        // Slots are granted in order, so at most the requests already in flight got through.
        long halted = outcome.recipients().stream().filter(r -> r.result() == Result.HALTED).count();
        assertThat(halted).isGreaterThan(0);
        assertThat(outcome.recipients()).filteredOn(r -> r.result() == Result.HALTED)
                .allSatisfy(r -> assertThat(r.errorTitle()).contains("132001").contains("Template name does not exist"));
        assertThat(api.calls(number)).hasSize(10 - (int) halted);
        assertThat(ledgerStates(campaign)).containsEntry("HALTED", (int) halted);

        SendBatch second = batch(campaign, 1, number, 5, 10);
        tap.publish(second);
        BatchOutcome later = tap.awaitOutcomes(campaign, 2).get(1);
        assertThat(later.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.HALTED);
        assertThat(api.calls(number)).hasSize(10 - (int) halted);
        assertThat(controlState(campaign)).isEqualTo("HALTED");

        // Another campaign on the same number is not affected.
        SendBatch other = batch(number, 3);
        tap.publish(other);
        assertThat(tap.awaitOutcomes(other.campaignId(), 1).getFirst().recipients()).extracting(RecipientOutcome::result)
                .containsOnly(Result.ACCEPTED);
    }

    @Test
    void anAuthErrorHaltsEveryCampaignOnTheNumberUntilAnOperatorLiftsIt() throws Exception {
        String number = phoneNumberId();
        SendBatch first = batch(number, 4);
        api.script(digits(first.recipients().get(0)), new Script.MetaError(401, 190, "Access token has expired"));

        tap.publish(first);
        BatchOutcome outcome = tap.awaitOutcomes(first.campaignId(), 1).getFirst();
        assertThat(outcome.recipients().get(0).errorCode()).isEqualTo(190);

        SendBatch otherCampaign = batch(number, 3);
        tap.publish(otherCampaign);
        BatchOutcome halted = tap.awaitOutcomes(otherCampaign.campaignId(), 1).getFirst();
        assertThat(halted.recipients()).allSatisfy(r -> {
            assertThat(r.result()).isEqualTo(Result.HALTED);
            assertThat(r.errorTitle()).contains("number halted").contains("190");
        });
        for (SendBatch.Recipient r : otherCampaign.recipients()) {
            assertThat(api.callsTo(number, digits(r))).isZero();
        }
        given().auth().oauth2(INTERNAL_SECRET).get("/internal/numbers/halted").then().statusCode(200);
        assertThat(given().auth().oauth2(INTERNAL_SECRET).get("/internal/numbers/halted").jsonPath().getMap("").keySet()).contains(number);

        given().auth().oauth2(INTERNAL_SECRET).delete("/internal/numbers/" + number + "/halt").then().statusCode(204);
        SendBatch afterLift = batch(number, 2);
        tap.publish(afterLift);
        assertThat(tap.awaitOutcomes(afterLift.campaignId(), 1).getFirst().recipients()).extracting(RecipientOutcome::result)
                .containsOnly(Result.ACCEPTED);
    }

    @Test
    void spamOrQualityStopsTheNumbersBulkLane() throws Exception {
        String number = phoneNumberId();
        SendBatch first = batch(number, 2);
        api.script(digits(first.recipients().get(0)), new Script.MetaError(400, 131048, "Spam rate limit hit"));
        tap.publish(first);
        tap.awaitOutcomes(first.campaignId(), 1);

        SendBatch next = batch(number, 2);
        tap.publish(next);
        assertThat(tap.awaitOutcomes(next.campaignId(), 1).getFirst().recipients()).allSatisfy(r -> {
            assertThat(r.result()).isEqualTo(Result.HALTED);
            assertThat(r.errorTitle()).contains("131048");
        });
    }

    @Test
    void stoppedMarketingIsRecordedFailedAndPublishedAsAnOptOut() throws Exception {
        String number = phoneNumberId();
        SendBatch batch = batch(number, 3);
        SendBatch.Recipient stopped = batch.recipients().get(1);
        api.script(digits(stopped), new Script.MetaError(400, 131050, "Unable to deliver: user stopped marketing messages"));

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(outcome.recipients().get(1)).extracting(RecipientOutcome::result, RecipientOutcome::errorCode)
                .containsExactly(Result.FAILED, 131050);
        assertThat(api.callsTo(number, digits(stopped))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> tap.optOuts().stream().anyMatch(o -> o.phone().equals(stopped.phone())));
        OptOut optOut = tap.optOuts().stream().filter(o -> o.phone().equals(stopped.phone())).findFirst().orElseThrow();
        assertThat(optOut.action()).isEqualTo(OptOut.Action.OPT_OUT);
        assertThat(optOut.source()).isEqualTo(OptOut.Source.ERROR_131050);
    }

    @Test
    void perUserCapIsRecordedFailedForALaterRetryAndNothingElseStops() throws Exception {
        String number = phoneNumberId();
        SendBatch batch = batch(number, 3);
        api.script(digits(batch.recipients().get(0)), new Script.MetaError(400, 131049, "per-user marketing limit"));

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(outcome.recipients()).extracting(RecipientOutcome::result)
                .containsExactly(Result.FAILED, Result.ACCEPTED, Result.ACCEPTED);
        assertThat(outcome.recipients().get(0).errorCode()).isEqualTo(131049);
        assertThat(api.callsTo(number, digits(batch.recipients().get(0)))).isEqualTo(1);
    }

    // --- retried classes -----------------------------------------------------------------------

    @Test
    void maintenancePausesTheNumberThenRetries() throws Exception {
        String number = phoneNumberId();
        SendBatch batch = batch(number, 3);
        String inMaintenance = digits(batch.recipients().get(0));
        api.script(inMaintenance, new Script.FailThenAccept(new Script.MetaError(400, 131057, "Account in maintenance mode"), 1));

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(outcome.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        assertThat(api.callsTo(number, inMaintenance)).isEqualTo(2);
        // The whole number paused (%test maintenance-pause=500ms): no request went out in between.
        List<Long> times = api.calls(number).stream().map(FakeCloudApi.Call::atNanos).sorted().toList();
        long firstCall = times.getFirst();
        long maintenanceAnswered = api.calls(number).stream().filter(c -> c.to().equals(inMaintenance))
                .mapToLong(FakeCloudApi.Call::atNanos).min().orElseThrow();
        long afterPause = times.stream().filter(t -> t > maintenanceAnswered + 100_000_000L).findFirst().orElseThrow();
        assertThat(Duration.ofNanos(afterPause - maintenanceAnswered)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(firstCall).isLessThanOrEqualTo(maintenanceAnswered);
    }

    @Test
    void pairRateBacksOffThatRecipientAloneWithoutStallingTheOthers() throws Exception {
        String number = phoneNumberId();
        SendBatch batch = batch(number, 12);
        String hot = digits(batch.recipients().get(0));
        // 131056 twice: waits 100 ms then 400 ms (%test pair-rate-backoff=100ms, x4 per retry).
        api.script(hot, new Script.FailThenAccept(new Script.MetaError(400, 131056, "Pair rate limit hit"), 2));

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(outcome.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        List<FakeCloudApi.Call> hotCalls = api.calls(number).stream().filter(c -> c.to().equals(hot)).toList();
        assertThat(hotCalls).hasSize(3);
        assertThat(Duration.ofNanos(hotCalls.get(1).atNanos() - hotCalls.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(hotCalls.get(2).atNanos() - hotCalls.get(1).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        // The others went on at the number's pace meanwhile: every one of them was sent exactly once,
        // and the number's rate was not lowered.
        for (SendBatch.Recipient r : batch.recipients().subList(1, 12)) {
            assertThat(api.callsTo(number, digits(r))).isEqualTo(1);
        }
        long othersBeforeHotRetry = api.calls(number).stream()
                .filter(c -> !c.to().equals(hot) && c.atNanos() < hotCalls.get(2).atNanos()).count();
        assertThat(othersBeforeHotRetry).isGreaterThanOrEqualTo(5);
        assertThat(pacing.currentRate(number)).isEqualTo(20.0);
    }

    @Test
    void aThroughputStormHalvesTheNumbersRateWhichThenRecoversAndEveryoneIsSentOnce() throws Exception {
        String number = phoneNumberId();
        SendBatch batch = batch(number, 30);
        api.storm(number, 6);

        tap.publish(batch);
        await().atMost(Duration.ofSeconds(10)).until(() -> pacing.currentRate(number) < 20.0);
        double lowered = pacing.currentRate(number);
        assertThat(lowered).isLessThanOrEqualTo(10.0 + 1.0);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(outcome.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        assertThat(api.throughputRejections(number)).isEqualTo(6);
        assertThat(api.accepted(number)).isEqualTo(30);
        // Additive recovery (%5 of the rate per second).
        await().atMost(Duration.ofSeconds(5)).until(() -> pacing.currentRate(number) > lowered + 1);
    }

    @Test
    void eightyPerSecondForTenSecondsWithinThreePercentAndNo130429() throws Exception {
        String number = "180000000001"; // %test.sandesh.sender.number-rate, 80/s
        api.limit(number, 80, 16); // Meta's meter, a fifth of a second of slack (arrival jitter at the fake)
        UUID campaign = UUID.randomUUID();
        for (int b = 0; b < 8; b++) {
            tap.publish(batch(campaign, b, number, 100, b * 100));
        }
        tap.awaitOutcomes(campaign, 8, Duration.ofSeconds(60));

        List<Long> times = api.calls(number).stream().map(FakeCloudApi.Call::atNanos).sorted().toList();
        assertThat(times).hasSize(800);
        assertThat(api.throughputRejections(number)).isZero();
        double seconds = (times.getLast() - times.getFirst()) / 1e9;
        double achieved = (times.size() - 1) / seconds;
        // A ceiling (never above the limit by more than measurement noise) and sensible progress
        // (the machine may be busy with other builds: no tight lower bound on a timed result).
        assertThat(achieved).isLessThanOrEqualTo(80 * 1.03);
        assertThat(achieved).isGreaterThan(80 * 0.85);
        // The pacer spaces departures; arrivals at the fake also carry the JVM's warm-up stalls (JIT
        // of the client path bunches the first requests), so windows are checked after the first
        // second, within the issue's ±3 % (80 × 1.03 → 82).
        List<Long> warm = times.stream().filter(t -> t >= times.get(0) + Duration.ofSeconds(1).toNanos()).toList();
        assertThat(SendBatchFlowTest.maxInAnyWindow(warm, Duration.ofSeconds(1))).isLessThanOrEqualTo(82);
    }

    // --- circuit breaker -----------------------------------------------------------------------

    @Test
    void anOpenBreakerRequeuesTheUnsentRemainderWhichIsSentOnceTheBreakerClosesAgain() throws Exception {
        String number = phoneNumberId();
        SendBatch batch = batch(number, 40);
        api.outage(number, true);

        tap.publish(batch);
        await().atMost(Duration.ofSeconds(20)).until(() -> breakers.currentState(CloudApiCall.BREAKER) == CircuitBreakerState.OPEN);
        api.outage(number, false);

        BatchOutcome first = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();
        List<RecipientOutcome> deferred = first.recipients().stream().filter(r -> r.result() == Result.DEFERRED).toList();
        assertThat(deferred).isNotEmpty().allSatisfy(r -> assertThat(r.errorCode()).isEqualTo(LocalError.BREAKER_OPEN.code()));
        // Recipients whose own retries were spent during the outage are FAILED with the 503; nobody is UNKNOWN.
        assertThat(first.recipients()).extracting(RecipientOutcome::result).doesNotContain(Result.UNKNOWN);

        // The remainder comes back (with its re-queue count) and goes out once the breaker lets requests through.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<Long, Result> latest = latestResults(batch.campaignId());
            return deferred.stream().allMatch(r -> latest.get(r.sequence()) == Result.ACCEPTED);
        });
        for (RecipientOutcome r : deferred) {
            String to = digits(batch.recipients().get((int) r.sequence()));
            long accepted = api.calls(number).stream().filter(c -> c.to().equals(to)).count();
            assertThat(accepted).as("requests for a deferred recipient").isGreaterThanOrEqualTo(1);
        }
        assertThat(ledgerStates(batch.campaignId()).getOrDefault("ACCEPTED", 0)).isGreaterThanOrEqualTo(deferred.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> breakers.currentState(CloudApiCall.BREAKER) == CircuitBreakerState.CLOSED);
    }

    @Test
    void aRemainderRequeuedTooOftenGoesToTheDeadLetterQueue() throws Exception {
        SendBatch batch = batch(phoneNumberId(), 2);
        tap.channel().queuePurge(Topology.BATCHES.deadLetterQueue());

        tap.publish(batch, Map.of(BatchRequeuer.REQUEUES_HEADER, 99));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            GetResponse dead = tap.channel().basicGet(Topology.BATCHES.deadLetterQueue(), true);
            return dead != null && WireJson.decode(dead.getBody(), SendBatch.class, SendBatch.VERSION).campaignId().equals(batch.campaignId());
        });
        assertThat(api.calls(batch.phoneNumberId())).isEmpty();
    }

    // --- pause, resume, cancel -----------------------------------------------------------------

    @Test
    void aPauseStopsSendingWithinTwoSecondsAndAResumeSendsOnlyTheDeferred() throws Exception {
        String number = phoneNumberId();
        UUID campaign = UUID.randomUUID();
        SendBatch batch = batch(campaign, 0, number, 100, 0); // 5 s at 20/s

        tap.publish(batch);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.calls(number).size() >= 10);
        long pausedAt = System.nanoTime();
        tap.publish(new CampaignControl(campaign, number, CampaignControl.Command.PAUSE, "operator", Instant.now()));

        BatchOutcome outcome = tap.awaitOutcomes(campaign, 1).getFirst();
        long lastCall = api.calls(number).stream().mapToLong(FakeCloudApi.Call::atNanos).max().orElseThrow();
        assertThat(Duration.ofNanos(lastCall - pausedAt)).isLessThan(Duration.ofSeconds(2));
        List<RecipientOutcome> deferred = outcome.recipients().stream().filter(r -> r.result() == Result.DEFERRED).toList();
        assertThat(deferred).isNotEmpty().allSatisfy(r -> assertThat(r.errorTitle()).contains("paused"));
        int sent = api.calls(number).size();
        assertThat(sent + deferred.size()).isEqualTo(100);
        // Deferred claims are released; the sent ones stay.
        assertThat(ledgerStates(campaign)).isEqualTo(Map.of("ACCEPTED", sent));
        assertThat(controlState(campaign)).isEqualTo("PAUSED");

        // Queued batches of a paused campaign are acknowledged as DEFERRED, nothing sent.
        SendBatch queued = batch(campaign, 1, number, 5, 100);
        tap.publish(queued);
        assertThat(tap.awaitOutcomes(campaign, 2).get(1).recipients()).extracting(RecipientOutcome::result).containsOnly(Result.DEFERRED);
        assertThat(api.calls(number)).hasSize(sent);

        // RESUME, then broadcast re-publishes the batch: only the deferred go out, nobody twice.
        tap.publish(new CampaignControl(campaign, number, CampaignControl.Command.RESUME, null, Instant.now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> "RUNNING".equals(controlState(campaign)));
        tap.publish(batch);
        BatchOutcome resumed = tap.awaitOutcomes(campaign, 3, Duration.ofSeconds(30)).get(2);
        assertThat(resumed.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        assertThat(api.calls(number)).hasSize(100);
        for (SendBatch.Recipient r : batch.recipients()) {
            assertThat(api.callsTo(number, digits(r))).isEqualTo(1);
        }
    }

    @Test
    void aResumeAfterAnAuthHaltLiftsTheNumbersHaltAndSendsOnlyWhoWasHaltedNobodyTwice() throws Exception {
        String number = phoneNumberId();
        UUID campaign = UUID.randomUUID();
        SendBatch batch = batch(campaign, 0, number, 6, 0);
        String expired = digits(batch.recipients().get(0));
        api.script(expired, new Script.FailThenAccept(new Script.MetaError(401, 190, "Access token has expired"), 1));

        tap.publish(batch);
        BatchOutcome halted = tap.awaitOutcomes(campaign, 1).getFirst();
        long haltedCount = halted.recipients().stream().filter(r -> r.result() == Result.HALTED).count();
        assertThat(haltedCount).isPositive();
        assertThat(ledgerStates(campaign)).containsEntry("HALTED", (int) haltedCount);
        int callsBefore = api.calls(number).size();

        // The operator fixed the token and resumes: RESUME, then broadcast re-publishes the batch.
        tap.publish(new CampaignControl(campaign, number, CampaignControl.Command.RESUME, "new token", Instant.now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !ledgerStates(campaign).containsKey("HALTED"));
        assertThat(given().auth().oauth2(INTERNAL_SECRET).get("/internal/numbers/halted").jsonPath().getMap("").keySet()).as("the number's halt is lifted").doesNotContain(number);
        tap.publish(batch);
        BatchOutcome resumed = tap.awaitOutcomes(campaign, 2, Duration.ofSeconds(30)).get(1);

        assertThat(resumed.recipients()).filteredOn(r -> r.result() == Result.ACCEPTED).hasSize((int) haltedCount);
        assertThat(api.calls(number)).hasSize(callsBefore + (int) haltedCount);
        for (SendBatch.Recipient r : batch.recipients()) {
            if (!digits(r).equals(expired)) {
                assertThat(api.callsTo(number, digits(r))).as("everyone else called exactly once").isEqualTo(1);
            }
        }
        assertThat(api.callsTo(number, expired)).as("refused with 190 (nothing sent), then sent").isEqualTo(2);
        assertThat(ledgerStates(campaign)).doesNotContainKey("HALTED");
    }

    @Test
    void aResumeOfAPausedCampaignWithNothingHaltedLeavesAHaltedNumberHalted() throws Exception {
        String number = phoneNumberId();
        SendBatch first = batch(number, 2);
        api.script(digits(first.recipients().get(0)), new Script.MetaError(401, 190, "Access token has expired"));
        tap.publish(first);
        tap.awaitOutcomes(first.campaignId(), 1);
        UUID paused = UUID.randomUUID();

        tap.publish(new CampaignControl(paused, number, CampaignControl.Command.PAUSE, null, Instant.now()));
        tap.publish(new CampaignControl(paused, number, CampaignControl.Command.RESUME, null, Instant.now().plusMillis(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> "RUNNING".equals(controlState(paused)));

        assertThat(given().auth().oauth2(INTERNAL_SECRET).get("/internal/numbers/halted").jsonPath().getMap("").keySet()).contains(number);
        given().auth().oauth2(INTERNAL_SECRET).delete("/internal/numbers/" + number + "/halt").then().statusCode(204);
    }

    @Test
    void aCancelIsFinalAndAnOlderResumeDoesNotUndoIt() throws Exception {
        String number = phoneNumberId();
        UUID campaign = UUID.randomUUID();
        Instant decided = Instant.now();
        tap.publish(new CampaignControl(campaign, number, CampaignControl.Command.CANCEL, "customer asked", decided));
        await().atMost(Duration.ofSeconds(5)).until(() -> "CANCELLED".equals(controlState(campaign)));
        tap.publish(new CampaignControl(campaign, number, CampaignControl.Command.RESUME, null, decided.plusSeconds(1)));

        SendBatch batch = batch(campaign, 0, number, 4, 0);
        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(campaign, 1).getFirst();

        assertThat(outcome.recipients()).allSatisfy(r -> {
            assertThat(r.result()).isEqualTo(Result.DEFERRED);
            assertThat(r.errorTitle()).contains("cancelled");
        });
        assertThat(api.calls(number)).isEmpty();
        assertThat(ledgerStates(campaign)).isEmpty();
        assertThat(controlState(campaign)).isEqualTo("CANCELLED");
    }

    // --- metrics -------------------------------------------------------------------------------

    @Test
    void sendsByResultAndErrorClassRateRetriesAndBreakerStateAreExposed() throws Exception {
        String number = phoneNumberId();
        SendBatch batch = batch(number, 2);
        api.script(digits(batch.recipients().get(0)), new Script.MetaError(400, 131026, "Message undeliverable"));
        tap.publish(batch);
        tap.awaitOutcomes(batch.campaignId(), 1);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sandesh_sender_sends_total{error_class=\"recipient_permanent\"");
        assertThat(metrics).contains("sandesh_sender_rate{phone_number_id=\"" + number + "\"");
        assertThat(metrics).contains("sandesh_sender_retries_total{reason=\"throughput\"");
        assertThat(metrics).contains("sandesh_sender_circuit_breaker_state");
    }

    // --- helpers -------------------------------------------------------------------------------

    private Map<Long, Result> latestResults(UUID campaignId) throws Exception {
        Map<Long, Result> latest = new HashMap<>();
        for (BatchOutcome outcome : tap.outcomes(campaignId)) {
            outcome.recipients().forEach(r -> latest.put(r.sequence(), r.result()));
        }
        return latest;
    }

    private Map<String, Integer> ledgerStates(UUID campaignId) {
        var rows = pool.preparedQuery("SELECT state, count(*)::int AS n FROM sender.send_ledger WHERE campaign_id = $1 GROUP BY state")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10));
        Map<String, Integer> states = new HashMap<>();
        for (Row row : rows) {
            states.put(row.getString("state"), row.getInteger("n"));
        }
        return states;
    }

    private String controlState(UUID campaignId) {
        var rows = pool.preparedQuery("SELECT state FROM sender.campaign_control WHERE campaign_id = $1")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString("state");
    }
}
