package dev.sandesh.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireJsonTest {

    private static final UUID CAMPAIGN = UUID.fromString("0b7c6a53-6d2f-4d38-9a43-1c1f0c8b9e21");

    @Test
    void sendBatchSurvivesARoundTrip() {
        var batch = new SendBatch(CAMPAIGN, 3, "106540352242922",
                new TemplateRef("sandesh_demo", "en", "marketing"),
                List.of(new SendBatch.Recipient(300, "+919812345678", "IN", List.of("Asha")),
                        new SendBatch.Recipient(301, "+5511987654321", "BR", List.of())));

        var back = WireJson.decode(WireJson.encode(batch), SendBatch.class, SendBatch.VERSION);

        assertThat(back).isEqualTo(batch);
        assertThat(back.version()).isEqualTo(1);
        assertThat(back.type()).isEqualTo("SendBatch");
    }

    @Test
    void sendBatchWithComponentsAndVariablesSurvivesARoundTrip() throws Exception {
        var components = WireJson.mapper().readTree("""
                [{"type":"body","parameters":[{"type":"text","parameter_name":"customer","text":"{{customer}}"}]}]""");
        var batch = new SendBatch(CAMPAIGN, 0, "106540352242922",
                new TemplateRef("dessert_offer", "en_US", "marketing", components),
                List.of(new SendBatch.Recipient(0, "+919812345678", "IN", List.of(), Map.of("customer", "Asha", "coupon", "K20"))));

        var back = WireJson.decode(WireJson.encode(batch), SendBatch.class, SendBatch.VERSION);

        assertThat(back).isEqualTo(batch);
        assertThat(back.template().components()).isEqualTo(components);
        assertThat(back.recipients().get(0).variables()).containsEntry("customer", "Asha");
    }

    @Test
    void aSendBatchWrittenBeforeComponentsAndVariablesStillDecodes() {
        String json = """
                {"version":1,"campaignId":"0b7c6a53-6d2f-4d38-9a43-1c1f0c8b9e21","batchNumber":3,"phoneNumberId":"106540352242922",
                 "template":{"name":"sandesh_demo","language":"en","category":"marketing"},
                 "recipients":[{"sequence":300,"phone":"+919812345678","country":"IN","bodyParameters":["Asha"]}]}""";

        var batch = WireJson.decode(json.getBytes(StandardCharsets.UTF_8), SendBatch.class, SendBatch.VERSION);

        assertThat(batch.template().components()).isNull();
        assertThat(batch.recipients().get(0).variables()).isEmpty();
        assertThat(batch.recipients().get(0).bodyParameters()).containsExactly("Asha");
    }

    @Test
    void variablesEncodeInNameOrderSoARepublishedBatchIsByteIdentical() {
        var recipient = new SendBatch.Recipient(0, "+919812345678", "IN", List.of(),
                new HashMap<>(Map.of("zeta", "1", "alpha", "2", "mid", "3")));

        String json = new String(WireJson.encode(new SendBatch(CAMPAIGN, 0, "1", new TemplateRef("t", "en", "utility"), List.of(recipient))),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"variables\":{\"alpha\":\"2\",\"mid\":\"3\",\"zeta\":\"1\"}");
    }

    @Test
    void batchOutcomeSurvivesARoundTrip() {
        var outcome = new BatchOutcome(CAMPAIGN, 0, "106540352242922", List.of(
                BatchOutcome.RecipientOutcome.accepted(0, "IN", "wamid.HBgM123"),
                BatchOutcome.RecipientOutcome.failed(1, "IN", 131026, "Message undeliverable"),
                new BatchOutcome.RecipientOutcome(2, "IN", BatchOutcome.Result.UNKNOWN, null, -1, "timeout")));

        assertThat(WireJson.decode(WireJson.encode(outcome), BatchOutcome.class, BatchOutcome.VERSION)).isEqualTo(outcome);
    }

    @Test
    void optOutSurvivesARoundTripWithItsInstantAsIsoText() {
        var optOut = new OptOut("+919812345678", OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.parse("2026-11-25T08:00:00Z"));

        byte[] json = WireJson.encode(optOut);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"at\":\"2026-11-25T08:00:00Z\"");
        assertThat(WireJson.decode(json, OptOut.class, OptOut.VERSION)).isEqualTo(optOut);
    }

    @Test
    void anOptOutFromBeforeBsuidsDecodesForEveryNumberInTheScopeItsSourceImplies() {
        String before = """
                {"version":1,"phone":"+919812345678","action":"OPT_OUT","source":"USER_PREFERENCES","at":"2026-11-25T08:00:00Z"}""";
        String keyword = before.replace("USER_PREFERENCES", "KEYWORD");

        OptOut marketing = WireJson.decode(before.getBytes(StandardCharsets.UTF_8), OptOut.class, OptOut.VERSION);
        OptOut all = WireJson.decode(keyword.getBytes(StandardCharsets.UTF_8), OptOut.class, OptOut.VERSION);

        assertThat(marketing.scope()).isEqualTo(OptOut.Scope.MARKETING);
        assertThat(marketing.userId()).isNull();
        assertThat(marketing.phoneNumberId()).isNull();
        assertThat(all.scope()).isEqualTo(OptOut.Scope.ALL);
    }

    @Test
    void aBsuidOnlyOptOutSurvivesARoundTrip() {
        var optOut = new OptOut(null, "US.13491208655302741918", "106540352242922", OptOut.Scope.MARKETING,
                OptOut.Action.OPT_OUT, OptOut.Source.USER_PREFERENCES, Instant.parse("2026-11-25T08:00:00Z"));

        assertThat(WireJson.decode(WireJson.encode(optOut), OptOut.class, OptOut.VERSION)).isEqualTo(optOut);
    }

    @Test
    void aMarketingOptOutBlocksOnlyMarketingTemplates() {
        assertThat(OptOut.Scope.MARKETING.blocks("MARKETING")).isTrue();
        assertThat(OptOut.Scope.MARKETING.blocks("UTILITY")).isFalse();
        assertThat(OptOut.Scope.MARKETING.blocks("AUTHENTICATION")).isFalse();
        assertThat(OptOut.Scope.ALL.blocks("UTILITY")).isTrue();
    }

    @Test
    void statsAndOutcomesFromBeforeRepliesAndHoldsDecodeWithZeroAndNull() throws Exception {
        String stats = "{\"campaignId\":\"" + CAMPAIGN + "\",\"accepted\":2,\"failuresByCode\":{}}";
        CampaignStats decoded = WireJson.mapper().readValue(stats, CampaignStats.class);
        assertThat(decoded.replied()).isZero();
        assertThat(decoded.held()).isZero();
        assertThat(decoded.accepted()).isEqualTo(2);

        var held = new BatchOutcome(CAMPAIGN, 0, "106540352242922", List.of(
                BatchOutcome.RecipientOutcome.accepted(0, "IN", "wamid.1", BatchOutcome.RecipientOutcome.HELD_FOR_QUALITY_ASSESSMENT)));
        BatchOutcome back = WireJson.decode(WireJson.encode(held), BatchOutcome.class, BatchOutcome.VERSION);
        assertThat(back.recipients().getFirst().held()).isTrue();
    }

    @Test
    void statsWithoutQuietCountsDecodeWithZeroAndQuietSumsTheThreeKinds() throws Exception {
        String old = "{\"campaignId\":\"" + CAMPAIGN + "\",\"sent\":3,\"failuresByCode\":{}}";
        CampaignStats decoded = WireJson.mapper().readValue(old, CampaignStats.class);
        assertThat(decoded.quiet()).isZero();
        assertThat(decoded.sent()).isEqualTo(3);

        CampaignStats quiet = new CampaignStats(CAMPAIGN, 2, 3, 0, 0, 0, 1, 0, Map.of(), null, null, 0, 0, 1, 3, 1);
        CampaignStats back = WireJson.mapper().readValue(WireJson.mapper().writeValueAsString(quiet), CampaignStats.class);
        assertThat(back).isEqualTo(quiet);
        assertThat(back.quiet()).isEqualTo(5);
    }

    @Test
    void campaignControlSurvivesARoundTrip() {
        var control = new CampaignControl(CAMPAIGN, "106540352242922", CampaignControl.Command.PAUSE, "operator", Instant.parse("2026-11-25T08:00:00Z"));

        assertThat(WireJson.decode(WireJson.encode(control), CampaignControl.class, CampaignControl.VERSION)).isEqualTo(control);
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        String json = """
                {"version":1,"phone":"+919812345678","action":"OPT_IN","source":"KEYWORD",
                 "at":"2026-11-25T08:00:00Z","addedLater":{"x":1}}""";

        var optOut = WireJson.decode(json.getBytes(StandardCharsets.UTF_8), OptOut.class, OptOut.VERSION);

        assertThat(optOut.action()).isEqualTo(OptOut.Action.OPT_IN);
    }

    @Test
    void anUnsupportedVersionIsRefusedWithAReason() {
        String json = """
                {"version":2,"phone":"+919812345678","action":"OPT_OUT","source":"KEYWORD","at":"2026-11-25T08:00:00Z"}""";

        assertThatThrownBy(() -> WireJson.decode(json.getBytes(StandardCharsets.UTF_8), OptOut.class, OptOut.VERSION))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("version 2 is not supported");
    }

    @Test
    void garbageIsRefusedAsAWireFormatError() {
        assertThatThrownBy(() -> WireJson.decode("not json".getBytes(StandardCharsets.UTF_8), SendBatch.class, SendBatch.VERSION))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("not a valid SendBatch");
        assertThatThrownBy(() -> WireJson.decode("{\"version\":1}".getBytes(StandardCharsets.UTF_8), SendBatch.class, SendBatch.VERSION))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void recipientsNeverPrintTheirWholeNumber() {
        var recipient = new SendBatch.Recipient(7, "+919812345678", "IN", List.of("Asha"));

        assertThat(recipient.toString()).doesNotContain("9812345678").contains("+91******5678");
    }
}
