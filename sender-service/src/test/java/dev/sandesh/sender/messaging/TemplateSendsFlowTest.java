package dev.sandesh.sender.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.BatchOutcome.Result;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.sender.domain.LocalError;
import dev.sandesh.sender.fake.FakeCloudApi;
import dev.sandesh.sender.fake.FakeCloudApi.Script;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.sandesh.sender.messaging.BrokerTap.batch;
import static dev.sandesh.sender.messaging.BrokerTap.digits;
import static dev.sandesh.sender.messaging.BrokerTap.phoneNumberId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real templates end to end against the fake Cloud API, over the real broker and database: Meta's
 * components with each recipient's own values, the Marketing Messages API, a template paused by Meta,
 * and the early halt of a campaign whose first sends all fail alike.
 */
@QuarkusTest
class TemplateSendsFlowTest {

    /** Onboarded to the Marketing Messages API in application.properties (%test). */
    private static final String MM_NUMBER = "190000000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static BrokerTap tap;

    @Inject
    FakeCloudApi api;

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeAll
    static void connect() throws Exception {
        tap = new BrokerTap("sender-templates-test");
    }

    @AfterAll
    static void disconnect() throws Exception {
        tap.close();
    }

    @BeforeEach
    void closeTheBreaker() {
        breakers.resetAll();
    }

    private static TemplateRef dessertOffer(String category) throws Exception {
        return new TemplateRef("dessert_offer", "en_US", category, JSON.readTree("""
                [{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/{{dish}}.jpg"}}]},
                 {"type":"body","parameters":[
                    {"type":"text","parameter_name":"customer","text":"{{customer}}"},
                    {"type":"text","parameter_name":"offer","text":"{{offer}} off"}]},
                 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"{{order}}"}]},
                 {"type":"button","sub_type":"copy_code","index":"1","parameters":[{"type":"coupon_code","coupon_code":"{{coupon}}"}]}]"""));
    }

    private static SendBatch.Recipient recipient(long sequence, long phone, Map<String, String> variables) {
        return new SendBatch.Recipient(sequence, "+" + phone, "IN", List.of(), variables);
    }

    private static long phoneBase() {
        return 919_100_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 800_000_000L);
    }

    @Test
    void aNamedTemplateWithImageHeaderUrlButtonAndCouponReachesEachRecipientWithItsOwnValues() throws Exception {
        String number = phoneNumberId();
        long base = phoneBase();
        List<SendBatch.Recipient> recipients = IntStream.range(0, 5).mapToObj(i -> recipient(i, base + i, Map.of(
                "customer", "Asha " + i, "offer", (10 + i) + "%", "order", "A-10" + i, "coupon", "SAVE" + i, "dish", "rasmalai-" + i)))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        // No coupon: not sent, FAILED with the local code (broadcast checks beforehand; the safety net).
        recipients.add(recipient(5, base + 5, Map.of("customer", "Ravi", "offer", "5%", "order", "A-105", "dish", "kulfi")));
        SendBatch batch = new SendBatch(UUID.randomUUID(), 0, number, dessertOffer("marketing"), recipients);

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(outcome.recipients().subList(0, 5)).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        RecipientOutcome missing = outcome.recipients().get(5);
        assertThat(missing.result()).isEqualTo(Result.FAILED);
        assertThat(missing.errorCode()).isEqualTo(LocalError.PARAMETER_MISSING.code());
        assertThat(missing.errorTitle()).contains("{{coupon}}").contains("components[3].parameters[0].coupon_code");
        assertThat(api.callsTo(number, digits(recipients.get(5)))).isZero();

        assertThat(api.calls(number)).hasSize(5);
        for (FakeCloudApi.Call call : api.calls(number)) {
            int i = (int) (Long.parseLong(call.to()) - base);
            assertThat(call.endpoint()).isEqualTo("messages");
            JsonNode template = call.body().path("template");
            assertThat(template.path("name").asText()).isEqualTo("dessert_offer");
            assertThat(template.path("language")).isEqualTo(JSON.readTree("{\"code\":\"en_US\",\"policy\":\"deterministic\"}"));
            assertThat(template.path("components")).isEqualTo(JSON.readTree("""
                    [{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/rasmalai-%1$d.jpg"}}]},
                     {"type":"body","parameters":[
                        {"type":"text","parameter_name":"customer","text":"Asha %1$d"},
                        {"type":"text","parameter_name":"offer","text":"%2$d%% off"}]},
                     {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-10%1$d"}]},
                     {"type":"button","sub_type":"copy_code","index":"1","parameters":[{"type":"coupon_code","coupon_code":"SAVE%1$d"}]}]
                    """.formatted(i, 10 + i)));
            assertThat(call.body().has("product_policy")).isFalse();
        }
    }

    @Test
    void marketingTemplatesOfAnOnboardedNumberGoToMarketingMessagesAndUtilityStaysOnMessages() throws Exception {
        long base = phoneBase();
        Map<String, String> values = Map.of("customer", "Asha", "offer", "20%", "order", "A-1", "coupon", "SAVE20", "dish", "kheer");
        SendBatch marketing = new SendBatch(UUID.randomUUID(), 0, MM_NUMBER, dessertOffer("MARKETING"),
                List.of(recipient(0, base, values), recipient(1, base + 1, values)));
        SendBatch utility = new SendBatch(UUID.randomUUID(), 0, MM_NUMBER, new TemplateRef("order_update", "en", "utility"),
                List.of(new SendBatch.Recipient(0, "+" + (base + 2), "IN", List.of("A-1"))));

        tap.publish(marketing);
        tap.publish(utility);
        assertThat(tap.awaitOutcomes(marketing.campaignId(), 1).getFirst().recipients()).extracting(RecipientOutcome::result)
                .containsOnly(Result.ACCEPTED);
        assertThat(tap.awaitOutcomes(utility.campaignId(), 1).getFirst().recipients()).extracting(RecipientOutcome::result)
                .containsOnly(Result.ACCEPTED);

        List<FakeCloudApi.Call> calls = api.calls(MM_NUMBER).stream()
                .filter(c -> Long.parseLong(c.to()) >= base && Long.parseLong(c.to()) <= base + 2).toList();
        assertThat(calls).hasSize(3);
        for (FakeCloudApi.Call call : calls) {
            boolean isUtility = call.to().equals(String.valueOf(base + 2));
            assertThat(call.endpoint()).isEqualTo(isUtility ? "messages" : "marketing_messages");
            assertThat(call.body().path("product_policy").asText(null)).isEqualTo(isUtility ? null : "STRICT");
            assertThat(call.authorization()).isEqualTo("Bearer " + FakeCloudApi.ACCESS_TOKEN);
        }
    }

    @Test
    void theMarketingMessagesApisErrorsAreClassified() throws Exception {
        long base = phoneBase();
        Map<String, String> values = Map.of("customer", "Asha", "offer", "20%", "order", "A-1", "coupon", "SAVE20", "dish", "kheer");
        // 134100 (not a marketing template for this API) halts the campaign.
        SendBatch wrongCategory = new SendBatch(UUID.randomUUID(), 0, MM_NUMBER, dessertOffer("marketing"),
                IntStream.range(0, 4).mapToObj(i -> recipient(i, base + i, values)).toList());
        IntStream.range(0, 4).forEach(i -> api.script(String.valueOf(base + i),
                new Script.MetaError(400, 134100, "Only marketing messages are supported")));
        tap.publish(wrongCategory);
        BatchOutcome halted = tap.awaitOutcomes(wrongCategory.campaignId(), 1).getFirst();
        assertThat(halted.recipients().getFirst().errorCode()).isEqualTo(134100);
        assertThat(halted.recipients().subList(1, 4)).extracting(RecipientOutcome::result).contains(Result.HALTED);
        assertThat(controlState(wrongCategory.campaignId())).isEqualTo("HALTED");

        // 134102 comes with HTTP 500 but is permanent: never retried as a 5xx, halts the campaign.
        SendBatch unavailable = new SendBatch(UUID.randomUUID(), 0, MM_NUMBER, dessertOffer("marketing"),
                List.of(recipient(0, base + 10, values)));
        api.script(String.valueOf(base + 10), new Script.MetaError(500, 134102, "Template unavailable"));
        tap.publish(unavailable);
        assertThat(tap.awaitOutcomes(unavailable.campaignId(), 1).getFirst().recipients().getFirst().errorCode()).isEqualTo(134102);
        assertThat(api.callsTo(MM_NUMBER, String.valueOf(base + 10))).isEqualTo(1);
        assertThat(controlState(unavailable.campaignId())).isEqualTo("HALTED");
    }

    @Test
    void aTemplatePausedByMetaPausesTheCampaignKeepingItsAudienceForAResume() throws Exception {
        String number = phoneNumberId();
        UUID campaign = UUID.randomUUID();
        SendBatch batch = batch(campaign, 0, number, 10, 0);
        String first = digits(batch.recipients().getFirst());
        api.script(first, new Script.FailThenAccept(new Script.MetaError(400, 132015, "Template is paused"), 1));

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(campaign, 1).getFirst();

        RecipientOutcome paused = outcome.recipients().getFirst();
        assertThat(paused.result()).isEqualTo(Result.DEFERRED);
        assertThat(paused.errorCode()).isEqualTo(132015);
        assertThat(paused.errorTitle()).isEqualTo("campaign paused: template paused by Meta (132015)");
        List<RecipientOutcome> deferred = outcome.recipients().stream().filter(r -> r.result() == Result.DEFERRED).toList();
        assertThat(deferred).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo(132015);
            assertThat(r.errorTitle()).isEqualTo("campaign paused: template paused by Meta (132015)");
        });
        assertThat(outcome.recipients()).extracting(RecipientOutcome::result).doesNotContain(Result.FAILED, Result.HALTED);
        int sent = (int) outcome.recipients().stream().filter(r -> r.result() == Result.ACCEPTED).count();
        assertThat(ledgerCount(campaign)).as("deferred claims released").isEqualTo(sent);
        assertThat(controlRow(campaign)).isEqualTo("PAUSED 132015 template paused by Meta (132015)");

        // Reinstated: broadcast resumes and re-publishes; only the deferred go out, nobody twice.
        tap.publish(new CampaignControl(campaign, number, CampaignControl.Command.RESUME, null, Instant.now().plusMillis(10)));
        await().atMost(Duration.ofSeconds(5)).until(() -> "RUNNING".equals(controlState(campaign)));
        tap.publish(batch);
        BatchOutcome resumed = tap.awaitOutcomes(campaign, 2).get(1);
        assertThat(resumed.recipients()).extracting(RecipientOutcome::result).containsOnly(Result.ACCEPTED);
        for (SendBatch.Recipient r : batch.recipients()) {
            assertThat(api.callsTo(number, digits(r))).isEqualTo(r == batch.recipients().getFirst() ? 2 : 1);
        }
    }

    @Test
    void aCampaignWhoseFirstSendsAllFailWithTheSameRequestErrorIsHaltedAfterTwentyWithOneReason() throws Exception {
        for (int code : new int[] {131008, 132000}) {
            String number = phoneNumberId();
            SendBatch batch = batch(number, 60);
            batch.recipients().forEach(r -> api.script(digits(r), new Script.MetaError(400, code, "bad request " + code)));

            tap.publish(batch);
            BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();

            assertThat(api.calls(number).size()).as("code %d", code).isLessThanOrEqualTo(20);
            assertThat(outcome.recipients()).filteredOn(r -> r.result() == Result.FAILED).hasSize(api.calls(number).size())
                    .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo(code));
            assertThat(outcome.recipients()).filteredOn(r -> r.result() == Result.HALTED).hasSize(60 - api.calls(number).size())
                    .allSatisfy(r -> assertThat(r.errorTitle()).contains(String.valueOf(code)));
            assertThat(controlState(batch.campaignId())).isEqualTo("HALTED");
            if (code == 131008) {
                // Not a template error: only the early halt stops it, after exactly the first 20.
                assertThat(api.calls(number)).hasSize(20);
                assertThat(outcome.recipients().get(59).errorTitle()).contains("its first 20 sends all failed with 131008");
            }
        }
    }

    @Test
    void aSuccessAmongTheFirstSendsDisarmsTheEarlyHalt() throws Exception {
        String number = phoneNumberId();
        SendBatch batch = batch(number, 30);
        batch.recipients().subList(1, 30).forEach(r -> api.script(digits(r), new Script.MetaError(400, 131008, "bad")));

        tap.publish(batch);
        BatchOutcome outcome = tap.awaitOutcomes(batch.campaignId(), 1).getFirst();

        assertThat(api.calls(number)).hasSize(30);
        assertThat(outcome.recipients()).extracting(RecipientOutcome::result).doesNotContain(Result.HALTED);
    }

    private int ledgerCount(UUID campaignId) {
        return pool.preparedQuery("SELECT count(*)::int AS n FROM sender.send_ledger WHERE campaign_id = $1")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getInteger("n");
    }

    private String controlState(UUID campaignId) {
        var rows = pool.preparedQuery("SELECT state FROM sender.campaign_control WHERE campaign_id = $1")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString("state");
    }

    private String controlRow(UUID campaignId) {
        var rows = pool.preparedQuery("SELECT state, error_code, reason FROM sender.campaign_control WHERE campaign_id = $1")
                .execute(Tuple.of(campaignId)).await().atMost(Duration.ofSeconds(10));
        Row row = rows.iterator().next();
        return row.getString("state") + " " + row.getInteger("error_code") + " " + row.getString("reason");
    }
}
