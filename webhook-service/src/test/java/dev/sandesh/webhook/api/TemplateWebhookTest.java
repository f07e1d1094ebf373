package dev.sandesh.webhook.api;

import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.webhook.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.sandesh.webhook.TestSupport.APP_SECRET;
import static dev.sandesh.webhook.TestSupport.sign;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Meta's template webhooks (CLOUD-API-MORE §3.1–§3.4) on {@code /webhooks/whatsapp}: signed, archived
 * and written to the {@code template_event} outbox in the webhook's transaction, then relayed to
 * {@code sandesh.templates}, read here from {@code broadcast.templates} (declared at startup).
 */
@QuarkusTest
class TemplateWebhookTest {

    private static final String WABA = "102290129340398";

    @BeforeEach
    void clean() {
        TestSupport.cleanTables();
        TestSupport.execute("TRUNCATE webhook.template_event");
        TestSupport.drain(Topology.TEMPLATES.queue());
    }

    private static String webhook(String field, String value, long time) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"%s","time":%d,"changes":[{"field":"%s","value":%s}]}]}"""
                .formatted(WABA, time, field, value);
    }

    private static void post(String body, int expected) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(bytes, APP_SECRET)).body(bytes)
                .post("/webhooks/whatsapp").then().statusCode(expected);
    }

    /** What reached broadcast.templates, decoded, waiting until {@code count} have arrived. */
    private static List<TemplateEvent> published(int count) {
        List<TemplateEvent> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (Map.Entry<String, byte[]> message : TestSupport.drain(Topology.TEMPLATES.queue())) {
                assertThat(message.getKey()).isEqualTo("TemplateEvent");
                events.add(WireJson.decode(message.getValue(), TemplateEvent.class, TemplateEvent.VERSION));
            }
            return events.size() >= count;
        });
        return events;
    }

    @Test
    void aSignedPauseIsStoredInTheOutboxThenPublishedAndMarked() {
        post(webhook("message_template_status_update", """
                {"event":"PAUSED","message_template_id":1689556908129835,"message_template_name":"diwali_offer",
                 "message_template_language":"en","reason":"NONE","other_info":{"title":"FIRST_PAUSE","description":"low quality"}}""",
                1_746_000_000L), 200);

        // in the webhook's transaction: the raw body and the outbox row
        assertThat(TestSupport.count("raw_event")).isEqualTo(1);
        assertThat(TestSupport.count("template_event")).isEqualTo(1);

        TemplateEvent event = published(1).getFirst();
        assertThat(event.kind()).isEqualTo(TemplateEvent.Kind.STATUS);
        assertThat(event.status()).isEqualTo("PAUSED");
        assertThat(event.name()).isEqualTo("diwali_offer");
        assertThat(event.language()).isEqualTo("en");
        assertThat(event.templateId()).isEqualTo("1689556908129835");
        assertThat(event.reason()).isEqualTo("FIRST_PAUSE (low quality)");
        assertThat(event.wabaId()).isEqualTo(WABA);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                TestSupport.query("SELECT published_at FROM webhook.template_event").getFirst().get("published_at") != null);
    }

    @Test
    void metaRetryingTheSameWebhookPublishesItOnce() {
        String pause = webhook("message_template_status_update", """
                {"event":"PAUSED","message_template_id":7,"message_template_name":"t","message_template_language":"en"}""", 1_746_000_000L);
        post(pause, 200);
        post(pause, 200);

        assertThat(published(1)).hasSize(1);
        assertThat(TestSupport.count("raw_event")).isEqualTo(2);
        assertThat(TestSupport.count("template_event")).isEqualTo(1);
    }

    @Test
    void aQualityUpdateUnderTheWrongFieldNameIsReadByItsKeys() {
        post(webhook("message_template_status_update", """
                {"previous_quality_score":"GREEN","new_quality_score":"RED","message_template_id":"42",
                 "message_template_name":"diwali_offer","message_template_language":"en_US"}""", 1_746_000_100L), 200);

        TemplateEvent event = published(1).getFirst();
        assertThat(event.kind()).isEqualTo(TemplateEvent.Kind.QUALITY);
        assertThat(event.quality()).isEqualTo("RED");
        assertThat(event.templateId()).isEqualTo("42");
    }

    @Test
    void unknownFieldsAndEventsAreIgnoredNeverRefused() {
        post("""
                {"object":"whatsapp_business_account","future":true,"entry":[{"id":"%s","time":1746000200,"changes":[
                  {"field":"a_field_from_2027","value":{"whatever":[1]}},
                  {"field":"template_category_update","value":{"message_template_id":1,"message_template_name":"welcome",
                    "message_template_language":"en-US","previous_category":"UTILITY","new_category":"MARKETING","surprise":{"x":1}}}]}]}"""
                .formatted(WABA), 200);

        List<TemplateEvent> events = published(1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TemplateEvent.Kind.CATEGORY);
            assertThat(e.newCategory()).isEqualTo("MARKETING");
            assertThat(e.previousCategory()).isEqualTo("UTILITY");
        });
    }

    @Test
    void anUnsignedTemplateWebhookIsRefusedAndNothingIsStored() {
        given().contentType(ContentType.JSON).body(webhook("message_template_status_update", """
                        {"event":"DISABLED","message_template_id":1,"message_template_name":"t","message_template_language":"en"}""", 1L))
                .post("/webhooks/whatsapp").then().statusCode(401);

        assertThat(TestSupport.count("template_event")).isZero();
        assertThat(TestSupport.count("raw_event")).isZero();
        assertThat(TestSupport.drain(Topology.TEMPLATES.queue())).isEmpty();
    }
}
