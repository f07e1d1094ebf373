package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.TemplateCategory;
import dev.sandesh.broadcast.fake.FakeGraphTemplates;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.sandesh.broadcast.fake.FakeGraphTemplates.template;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Meta changes a template under running campaigns (CLOUD-API-MORE §3.1–§3.2): a TemplateEvent
 * published to {@code sandesh.templates} as webhook-service does. Meta's template list is made
 * unreachable first, so what the catalogue says comes from the event itself.
 */
@QuarkusTest
@TestProfile(TemplateCatalogTest.WithWaba.class)
class TemplateEventsTest {

    private static final String KEY = "Bearer sandesh-dev-key";

    @Inject
    FakeGraphTemplates meta;

    @Inject
    TemplateCatalog catalog;

    private TestBroker broker;
    /** Template names of this run: campaigns of earlier runs stay in the database, RUNNING on theirs. */
    private String festive;
    private String orderNote;

    @BeforeEach
    void catalogue() throws Exception {
        broker = new TestBroker();
        broker.purge("sender.batches");
        broker.purge("sender.control");
        long run = System.nanoTime();
        festive = "festive_offer_" + run;
        orderNote = "order_note_" + run;
        meta.serve(FakeGraphTemplates.list(
                template("201", festive, "en_US", "APPROVED", "MARKETING", "POSITIONAL"),
                template("202", festive, "hi", "APPROVED", "MARKETING", "POSITIONAL"),
                template("203", orderNote, "en_US", "APPROVED", "UTILITY", "POSITIONAL")));
        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(200);
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    private static String running(String template, String language, String category) {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // not CampaignResourceTest's helpers: touching that class starts its fake webhook-service in this profile's class loader
            recipients.add(Map.of("phone", String.format("+91 9%04d %05d", block, i), "parameters", List.of("p" + i)));
        }
        Map<String, Object> body = new HashMap<>();
        body.put("name", "on " + template + "/" + language);
        body.put("template", Map.of("name", template, "language", language, "category", category));
        body.put("recipients", recipients);
        return given().header("Authorization", KEY).contentType(ContentType.JSON).body(body).post("/v1/campaigns")
                .then().statusCode(201).body("state", equalTo("RUNNING")).extract().path("id");
    }

    private static String state(String id) {
        return given().header("Authorization", KEY).get("/v1/campaigns/" + id).then().statusCode(200).extract().path("state");
    }

    private void publish(TemplateEvent event) throws Exception {
        broker.publish(Topology.TEMPLATES.exchange(), event.type(), WireJson.encode(event));
    }

    private TemplateEvent status(String event, String reason, Instant at) {
        // the webhook writes the language en-US where Graph and the campaign write en_US (§2.1)
        return new TemplateEvent(TemplateEvent.VERSION, TemplateCatalogTest.WABA, "201", festive, "en-US",
                TemplateEvent.Kind.STATUS, event, reason, "MARKETING", null, null, null, null, null, null, at, at);
    }

    @Test
    void aPausedTemplatePausesItsRunningCampaignsWithinFiveSecondsAndOnlyThoseUntilReinstated() throws Exception {
        String paused = running(festive, "en_US", "marketing");
        String otherLanguage = running(festive, "hi", "marketing");
        String otherTemplate = running(orderNote, "en_US", "utility");
        broker.purge("sender.control");
        meta.fail(new FakeGraphTemplates.Failure(503, "{}", 0));

        publish(status("PAUSED", "FIRST_PAUSE", Instant.now()));

        await().atMost(Duration.ofSeconds(5)).until(() -> "PAUSED".equals(state(paused)));
        given().header("Authorization", KEY).get("/v1/campaigns/" + paused).then()
                .body("stateReason", equalTo("template " + festive + "/en-US PAUSED by Meta: FIRST_PAUSE"));
        List<CampaignControl> controls = broker.drain("sender.control").stream()
                .map(m -> WireJson.decode(m.getBody(), CampaignControl.class, CampaignControl.VERSION)).toList();
        assertThat(controls).singleElement().satisfies(c -> {
            assertThat(c.command()).isEqualTo(CampaignControl.Command.PAUSE);
            assertThat(c.campaignId()).hasToString(paused);
            assertThat(c.reason()).contains("PAUSED by Meta");
        });
        assertThat(state(otherLanguage)).isEqualTo("RUNNING");
        assertThat(state(otherTemplate)).isEqualTo("RUNNING");
        assertThat(catalog.find(festive, "en_us").orElseThrow().status()).isEqualTo("PAUSED");

        given().header("Authorization", KEY).post("/v1/campaigns/" + paused + "/resume").then()
                .statusCode(409).contentType("application/problem+json").body("detail", containsString("is PAUSED at Meta"));
        assertThat(state(paused)).isEqualTo("PAUSED");

        publish(status("REINSTATED", "UNPAUSE", Instant.now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> catalog.find(festive, "en_US").orElseThrow().sendable());

        given().header("Authorization", KEY).post("/v1/campaigns/" + paused + "/resume").then()
                .statusCode(200).body("state", equalTo("RUNNING"));
    }

    @Test
    void aCategoryChangeReachesTheCatalogueAndTheCampaignsOnTheTemplate() throws Exception {
        String campaign = running(orderNote, "en_US", "utility");
        meta.fail(new FakeGraphTemplates.Failure(503, "{}", 0));

        Instant now = Instant.now();
        publish(new TemplateEvent(TemplateEvent.VERSION, TemplateCatalogTest.WABA, "203", orderNote, "en-US",
                TemplateEvent.Kind.CATEGORY, null, null, null, "MARKETING", "UTILITY", null, null, null, null, now, now));

        await().atMost(Duration.ofSeconds(5)).until(() ->
                catalog.find(orderNote, "en_US").orElseThrow().category() == TemplateCategory.MARKETING);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().header("Authorization", KEY).get("/v1/campaigns/" + campaign)
                .then().body("template.category", equalTo("marketing"))
                .body("stateReason", equalTo("template " + orderNote + "/en-US re-categorised by Meta from UTILITY to MARKETING")));
    }

    @Test
    void anEventThatIsNotATemplateEventIsDeadLettered() throws Exception {
        broker.purge(Topology.TEMPLATES.deadLetterQueue());
        broker.publish(Topology.TEMPLATES.exchange(), "TemplateEvent", "{\"version\":1,\"name\":null}");

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.count(Topology.TEMPLATES.deadLetterQueue()) == 1);
    }
}
