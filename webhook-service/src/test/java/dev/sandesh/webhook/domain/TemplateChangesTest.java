package dev.sandesh.webhook.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.contracts.TemplateEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The four template webhooks as CLOUD-API-MORE §3.1–§3.4 shows them, read into TemplateEvents. */
class TemplateChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant ENTRY_TIME = Instant.ofEpochSecond(1_746_000_000L);
    private static final Instant RECEIVED = Instant.parse("2026-10-01T10:00:00Z");

    private static Optional<TemplateEvent> read(String field, String value) throws Exception {
        JsonNode node = JSON.readTree(value);
        return TemplateChanges.read(field, node, "102290129340398", ENTRY_TIME, RECEIVED);
    }

    @Test
    void aPauseCarriesItsOtherInfoTitleAsTheReasonAndItsIntegerIdAsText() throws Exception {
        TemplateEvent event = read("message_template_status_update", """
                {"event":"PAUSED","message_template_id":1689556908129835,"message_template_name":"diwali_offer",
                 "message_template_language":"en","reason":"NONE","message_template_category":"MARKETING",
                 "other_info":{"title":"FIRST_PAUSE","description":"paused for 3 hours: low quality"}}""").orElseThrow();

        assertThat(event.kind()).isEqualTo(TemplateEvent.Kind.STATUS);
        assertThat(event.templateId()).isEqualTo("1689556908129835");
        assertThat(event.name()).isEqualTo("diwali_offer");
        assertThat(event.language()).isEqualTo("en");
        assertThat(event.status()).isEqualTo("PAUSED");
        assertThat(event.reason()).isEqualTo("FIRST_PAUSE (paused for 3 hours: low quality)");
        assertThat(event.category()).isEqualTo("MARKETING");
        assertThat(event.wabaId()).isEqualTo("102290129340398");
        assertThat(event.occurredAt()).isEqualTo(ENTRY_TIME);
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void aStringIdIsReadTooAndReasonNoneIsNoReason() throws Exception {
        TemplateEvent event = read("message_template_status_update", """
                {"event":"approved","message_template_id":"278077987957091","message_template_name":"welcome",
                 "message_template_language":"en_US","reason":"NONE"}""").orElseThrow();

        assertThat(event.templateId()).isEqualTo("278077987957091");
        assertThat(event.status()).isEqualTo("APPROVED");
        assertThat(event.reason()).isNull();
    }

    @Test
    void aDisableCarriesItsDateAndARejectionItsReason() throws Exception {
        TemplateEvent disabled = read("message_template_status_update", """
                {"event":"DISABLED","message_template_id":1,"message_template_name":"t","message_template_language":"en",
                 "reason":"NONE","disable_info":{"disable_date":1746169200}}""").orElseThrow();
        TemplateEvent rejected = read("message_template_status_update", """
                {"event":"REJECTED","message_template_id":1,"message_template_name":"t","message_template_language":"en",
                 "reason":"INVALID_FORMAT","rejection_info":{"reason":"parameters placed next to each other","recommendation":"…"}}""")
                .orElseThrow();

        assertThat(disabled.effectiveAt()).isEqualTo(Instant.ofEpochSecond(1_746_169_200L));
        assertThat(rejected.reason()).isEqualTo("parameters placed next to each other");
    }

    @Test
    void anImpendingCategoryChangeNamesTheCategoryToComeAndWhen() throws Exception {
        TemplateEvent event = read("template_category_update", """
                {"message_template_id":278077987957091,"message_template_name":"welcome_template","message_template_language":"en-US",
                 "new_category":"UTILITY","correct_category":"MARKETING","category_update_timestamp":1746169200}""").orElseThrow();

        assertThat(event.kind()).isEqualTo(TemplateEvent.Kind.CATEGORY);
        assertThat(event.categoryChangeImpending()).isTrue();
        assertThat(event.newCategory()).isEqualTo("UTILITY");
        assertThat(event.correctCategory()).isEqualTo("MARKETING");
        assertThat(event.effectiveAt()).isEqualTo(Instant.ofEpochSecond(1_746_169_200L));
        assertThat(event.language()).isEqualTo("en-US");
    }

    @Test
    void aDoneCategoryChangeNamesTheCategoryBefore() throws Exception {
        TemplateEvent event = read("template_category_update", """
                {"message_template_id":278077987957091,"message_template_name":"welcome_template","message_template_language":"en-US",
                 "previous_category":"UTILITY","new_category":"MARKETING"}""").orElseThrow();

        assertThat(event.categoryChangeImpending()).isFalse();
        assertThat(event.previousCategory()).isEqualTo("UTILITY");
        assertThat(event.newCategory()).isEqualTo("MARKETING");
    }

    @Test
    void aQualityUpdateIsReadByItsKeysEvenUnderTheStatusFieldName() throws Exception {
        // Meta's own example of message_template_quality_update names the wrong field (§3.3)
        TemplateEvent event = read("message_template_status_update", """
                {"previous_quality_score":"GREEN","new_quality_score":"YELLOW","message_template_id":1,
                 "message_template_name":"diwali_offer","message_template_language":"en_US"}""").orElseThrow();

        assertThat(event.kind()).isEqualTo(TemplateEvent.Kind.QUALITY);
        assertThat(event.previousQuality()).isEqualTo("GREEN");
        assertThat(event.quality()).isEqualTo("YELLOW");
        assertThat(event.status()).isNull();
    }

    @Test
    void aComponentsUpdateIsAnEditOfTheContent() throws Exception {
        TemplateEvent event = read("message_template_components_update", """
                {"message_template_id":1,"message_template_name":"diwali_offer","message_template_language":"en",
                 "message_template_element":"Hi {{1}}","message_template_title":"Diwali","message_template_buttons":[{"type":"URL"}]}""")
                .orElseThrow();

        assertThat(event.kind()).isEqualTo(TemplateEvent.Kind.COMPONENTS);
    }

    @Test
    void unknownKeysAreIgnoredAndOtherFieldsAreNoTemplateEvent() throws Exception {
        assertThat(read("message_template_status_update", """
                {"event":"PAUSED","message_template_id":1,"message_template_name":"t","message_template_language":"en",
                 "a_field_meta_adds_next_year":{"x":[1,2]}}""")).map(TemplateEvent::status).contains("PAUSED");
        assertThat(read("messages", """
                {"messaging_product":"whatsapp","statuses":[{"id":"wamid.1","status":"sent"}]}""")).isEmpty();
        assertThat(read("phone_number_quality_update", """
                {"display_phone_number":"15550783881","event":"THROUGHPUT_UPGRADE"}""")).isEmpty();
        assertThat(read("account_update", """
                {"event":"ACCOUNT_VIOLATION","violation_info":{"violation_type":"x"}}""")).isEmpty();
    }

    @Test
    void aChangeNamingNoTemplateAndLanguageIsSkipped() throws Exception {
        assertThat(read("message_template_status_update", """
                {"event":"PAUSED","message_template_id":1,"message_template_name":"t"}""")).isEmpty();
        assertThat(read("message_template_status_update", """
                {"message_template_id":1,"message_template_name":"t","message_template_language":"en"}""")).isEmpty();
    }

    @Test
    void aRetryOfTheSameWebhookIsTheSameFactAndALaterPauseANewOne() throws Exception {
        String pause = """
                {"event":"PAUSED","message_template_id":1,"message_template_name":"t","message_template_language":"en"}""";
        TemplateEvent first = read("message_template_status_update", pause).orElseThrow();
        TemplateEvent retried = TemplateChanges.read("message_template_status_update", JSON.readTree(pause), "102290129340398",
                ENTRY_TIME, RECEIVED.plusSeconds(60)).orElseThrow();
        TemplateEvent later = TemplateChanges.read("message_template_status_update", JSON.readTree(pause), "102290129340398",
                ENTRY_TIME.plusSeconds(86_400), RECEIVED.plusSeconds(86_400)).orElseThrow();

        assertThat(retried.factKey()).isEqualTo(first.factKey());
        assertThat(later.factKey()).isNotEqualTo(first.factKey());
    }
}
