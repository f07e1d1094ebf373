package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.broadcast.Publishing;
import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.messaging.BatchPublisher;
import dev.sandesh.broadcast.client.RecipientStatePage.RecipientState;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 13 items 4 and 5 against the real PostgreSQL and RabbitMQ: a start answers RUNNING before
 * its batches are published; a publish interrupted after k batches says RUNNING with k of n
 * published and is resumed by the tick with every batch on the queue exactly once; two ticks at once start a scheduled campaign once; two replays of a starting
 * draft publish it once; an upload racing a start is either in the campaign or refused with 409;
 * retry-failed makes one child per parent, even called twice at once.
 */
@QuarkusTest
class StartRacesTest {

    static {
        FakeWebhookService.get();
    }

    @Inject
    @Channel("batches")
    MutinyEmitter<byte[]> emitter;

    @Inject
    InstantSource clock;

    @Inject
    BroadcastConfig config;

    private TestBroker broker;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach
    void setUp() throws Exception {
        broker = new TestBroker();
        broker.purge(CampaignResourceTest.BATCHES);
    }

    /** A test's gated publisher, opened at the end whatever happened, so its batches do not hold up the next test. */
    private GatedPublisher gated;

    @AfterEach
    void tearDown() throws Exception {
        if (gated != null) {
            gated.gate.complete(null);
        }
        broker.purge(CampaignResourceTest.BATCHES);
        broker.close();
        pool.shutdownNow();
    }

    /** The real publisher, refusing every batch after the first {@code allowed} (the broker refusing) until healed. */
    static final class RefusingPublisher extends BatchPublisher {
        final AtomicInteger allowed;

        RefusingPublisher(MutinyEmitter<byte[]> emitter, InstantSource clock, BroadcastConfig config, int allowed) {
            super(emitter, clock, config);
            this.allowed = new AtomicInteger(allowed);
        }

        @Override
        public Uni<Void> publish(SendBatch batch) {
            return allowed.getAndDecrement() > 0 ? super.publish(batch)
                    : Uni.createFrom().failure(new IllegalStateException("broker refused batch " + batch.batchNumber()));
        }
    }

    /** The real publisher, holding every batch until the test opens the gate (a slow broker). */
    static final class GatedPublisher extends BatchPublisher {
        final java.util.concurrent.CompletableFuture<Void> gate = new java.util.concurrent.CompletableFuture<>();

        GatedPublisher(MutinyEmitter<byte[]> emitter, InstantSource clock, BroadcastConfig config) {
            super(emitter, clock, config);
        }

        @Override
        public Uni<Void> publish(SendBatch batch) {
            return Uni.createFrom().completionStage(gate).chain(() -> super.publish(batch));
        }
    }

    @Test
    void aStartAnswersRunningBeforeItsBatchesAreConfirmedAndPublishesThemAllAfter() throws Exception {
        gated = new GatedPublisher(emitter, clock, config);
        QuarkusMock.installMockForType(gated, BatchPublisher.class);
        String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(CampaignResourceTest.body("answered first", recipients(500)))
                .post("/v1/campaigns").then().statusCode(201)
                .body("state", equalTo("RUNNING")).body("batches", equalTo(5))
                .body("publishing.published", equalTo(0)).body("publishing.batches", equalTo(5))
                .extract().path("id");
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("state", equalTo("RUNNING")).body("publishing.published", equalTo(0));
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.published_batch WHERE campaign_id = ?", UUID.fromString(id))).isZero();

        gated.gate.complete(null); // the broker confirms again
        assertThat(batchesOf(id)).extracting(SendBatch::batchNumber).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("state", equalTo("RUNNING")).body("publishing.published", equalTo(5));
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign_window WHERE campaign_id = ? AND released_at IS NOT NULL",
                UUID.fromString(id))).isEqualTo(1);
    }

    @Test
    void aPauseStopsTheBackgroundPublishAndTheResumePublishesWhatWasSentAgainAndTheRest() throws Exception {
        gated = new GatedPublisher(emitter, clock, config);
        QuarkusMock.installMockForType(gated, BatchPublisher.class);
        String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(CampaignResourceTest.body("paused while publishing", recipients(5_000)))
                .post("/v1/campaigns").then().statusCode(201).body("state", equalTo("RUNNING")).body("batches", equalTo(50))
                .extract().path("id");
        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + id + "/pause").then().statusCode(200)
                .body("state", equalTo("PAUSED"));
        gated.gate.complete(null); // the batches in flight are confirmed; the publisher finds the campaign PAUSED and stops
        List<SendBatch> beforePause = batchesOf(id);
        int k = beforePause.size();
        assertThat(k).as("only the batches in flight at the pause").isBetween(1, 49);
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.published_batch WHERE campaign_id = ?", UUID.fromString(id))).isEqualTo(k);

        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + id + "/resume").then().statusCode(200)
                .body("state", equalTo("RUNNING"));
        List<SendBatch> afterResume = batchesOf(id);
        // the sender deferred what came while PAUSED: those batches again (its ledger skips anyone sent), then the rest once
        assertThat(afterResume).extracting(SendBatch::batchNumber).hasSize(50).doesNotHaveDuplicates();
        assertThat(afterResume.stream().filter(b -> b.batchNumber() < k)).as("the batches published before the pause, again").hasSize(k);
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("state", equalTo("RUNNING")).body("publishing.published", equalTo(50));
    }

    private static List<Map<String, Object>> recipients(int n) {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            recipients.add(CampaignResourceTest.recipient(CampaignResourceTest.indianMobile(block, i), "p" + i));
        }
        return recipients;
    }

    private List<SendBatch> batchesOf(String campaignId) throws Exception {
        return broker.drain(CampaignResourceTest.BATCHES).stream()
                .map(m -> WireJson.decode(m.getBody(), SendBatch.class, SendBatch.VERSION))
                .filter(b -> b.campaignId().toString().equals(campaignId))
                .toList();
    }

    private static Response tick() {
        return given().auth().oauth2(FakeWebhookService.INTERNAL_SECRET).post("/internal/v1/scheduler/tick");
    }

    @Test
    void anInterruptedPublishSaysRunningWithKOfNAndTheTickResumesItEveryBatchOnce() throws Exception {
        RefusingPublisher refusing = new RefusingPublisher(emitter, clock, config, 3);
        QuarkusMock.installMockForType(refusing, BatchPublisher.class);
        String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(CampaignResourceTest.body("interrupted", recipients(1_000)))
                .post("/v1/campaigns").then().statusCode(201)
                .body("state", equalTo("RUNNING")).body("batches", equalTo(10))
                .extract().path("id");
        Publishing.awaitIdle(); // the background publish stopped at the first refused batch
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("state", equalTo("RUNNING"))
                .body("publishing.published", equalTo(3)).body("publishing.batches", equalTo(10));
        assertThat(batchesOf(id)).extracting(SendBatch::batchNumber).containsExactlyInAnyOrder(0, 1, 2);

        refusing.allowed.set(Integer.MAX_VALUE); // the broker is back
        tick().then().statusCode(200);
        List<SendBatch> resumed = batchesOf(id);
        assertThat(resumed).extracting(SendBatch::batchNumber).containsExactlyInAnyOrder(3, 4, 5, 6, 7, 8, 9);
        assertThat(resumed.stream().mapToInt(b -> b.recipients().size()).sum()).isEqualTo(700);
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("state", equalTo("RUNNING")).body("publishing.published", equalTo(10));
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.published_batch WHERE campaign_id = ?", UUID.fromString(id))).isEqualTo(10);
        tick().then().statusCode(200);
        assertThat(batchesOf(id)).as("a released campaign is not published again").isEmpty();
    }

    @Test
    void twoTicksAtOnceStartAScheduledCampaignOnce() throws Exception {
        String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(withStartAt(CampaignResourceTest.body("two ticks", recipients(450)), Instant.now().plusSeconds(3600)))
                .post("/v1/campaigns").then().statusCode(201).body("state", equalTo("SCHEDULED")).extract().path("id");
        TestDb.query("UPDATE broadcast.campaign SET scheduled_at = now() - interval '1 second' WHERE id = ? RETURNING id", UUID.fromString(id));
        List<Future<Response>> ticks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ticks.add(pool.submit((Callable<Response>) StartRacesTest::tick));
        }
        for (Future<Response> t : ticks) {
            assertThat(t.get().statusCode()).isEqualTo(200);
        }
        tick().then().statusCode(200); // whichever tick lost the window's lease to the other has nothing left to do
        List<SendBatch> batches = batchesOf(id);
        assertThat(batches).extracting(SendBatch::batchNumber).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign_history WHERE campaign_id = ? AND event = 'STARTED'",
                UUID.fromString(id))).isEqualTo(1);
        given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                .body("state", equalTo("RUNNING")).body("publishing.published", equalTo(5));
    }

    @Test
    void twoReplaysOfAStartingDraftPublishItOnce() throws Exception {
        String key = "race-" + UUID.randomUUID();
        Map<String, Object> body = CampaignResourceTest.body("replayed", recipients(1_250));
        List<Future<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(pool.submit(() -> given().auth().oauth2(CampaignResourceTest.KEY).header("Idempotency-Key", key)
                    .contentType(ContentType.JSON).body(body).post("/v1/campaigns")));
        }
        List<String> ids = new ArrayList<>();
        for (Future<Response> call : calls) {
            Response r = call.get();
            assertThat(r.statusCode()).isIn(200, 201);
            ids.add(r.path("id"));
        }
        assertThat(ids).containsOnly(ids.getFirst());
        tick().then().statusCode(200);
        assertThat(batchesOf(ids.getFirst())).extracting(SendBatch::batchNumber)
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void anUploadRacingAStartIsInTheCampaignOrRefusedWith409() throws Exception {
        for (int round = 0; round < 3; round++) {
            String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                    .body(Map.of("name", "upload race", "template", Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"),
                            "recipients", recipients(200), "start", false))
                    .post("/v1/campaigns").then().statusCode(201).body("state", equalTo("DRAFT")).extract().path("id");
            StringBuilder csv = new StringBuilder("phone,param_1\n");
            int block = (int) (System.nanoTime() % 9000) + 1000;
            for (int i = 0; i < 20_000; i++) {
                csv.append(CampaignResourceTest.indianMobile(block, i).replace(" ", "")).append(",u").append(i).append('\n');
            }
            byte[] upload = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Future<Response> uploaded = pool.submit(() -> given().auth().oauth2(CampaignResourceTest.KEY).contentType("text/csv").body(upload)
                    .post("/v1/campaigns/" + id + "/recipients"));
            Future<Response> started = pool.submit(() -> given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + id + "/start"));
            Response u = uploaded.get();
            assertThat(started.get().statusCode()).isEqualTo(200);
            tick().then().statusCode(200);
            int published = batchesOf(id).stream().mapToInt(b -> b.recipients().size()).sum();
            if (u.statusCode() == 200) {
                assertThat(published).as("the upload is part of the campaign").isEqualTo(20_200);
            } else {
                assertThat(u.statusCode()).isEqualTo(409);
                assertThat(u.contentType()).startsWith("application/problem+json");
                assertThat(published).as("the refused upload left nothing").isEqualTo(200);
                assertThat(TestDb.count("SELECT count(*) FROM broadcast.recipient WHERE campaign_id = ?", UUID.fromString(id))).isEqualTo(200);
            }
        }
    }

    @Test
    void retryFailedMakesOneChildPerParentEvenCalledTwiceAtOnceUnlessForced() throws Exception {
        List<Map<String, Object>> recipients = recipients(4);
        String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(CampaignResourceTest.body("retry race", recipients)).post("/v1/campaigns").then().statusCode(201).extract().path("id");
        UUID campaign = UUID.fromString(id);
        Instant now = Instant.now();
        FakeWebhookService.get().states(campaign, List.of(
                new RecipientState(0, "FAILED", null, 131000, "Something went wrong", now),
                new RecipientState(1, "FAILED", null, 131000, "Something went wrong", now),
                new RecipientState(2, "READ", "wamid.2", null, null, now),
                new RecipientState(3, "FAILED", null, 131000, "Something went wrong", now)));
        List<Future<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(pool.submit(() -> given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}")
                    .post("/v1/campaigns/" + id + "/retry-failed")));
        }
        List<String> children = new ArrayList<>();
        int created = 0;
        for (Future<Response> call : calls) {
            Response r = call.get();
            assertThat(r.statusCode()).isIn(200, 201);
            created += r.statusCode() == 201 ? 1 : 0;
            children.add(r.path("campaign.id"));
        }
        assertThat(children).containsOnly(children.getFirst());
        assertThat(created).isEqualTo(1);
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.campaign WHERE retry_of = ?", campaign)).isEqualTo(1);
        String forced = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}").queryParam("force", true)
                .post("/v1/campaigns/" + id + "/retry-failed").then().statusCode(201).extract().path("campaign.id");
        assertThat(forced).isNotEqualTo(children.getFirst());
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("{}")
                .post("/v1/campaigns/" + id + "/retry-failed").then().statusCode(200).body("campaign.id", equalTo(children.getFirst()));
    }

    private static Map<String, Object> withStartAt(Map<String, Object> body, Instant startAt) {
        Map<String, Object> copy = new java.util.HashMap<>(body);
        copy.put("startAt", startAt.toString());
        return copy;
    }
}
