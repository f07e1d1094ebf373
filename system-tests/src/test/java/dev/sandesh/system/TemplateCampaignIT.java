package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real templates over the four real processes: the catalogue read from the simulator's
 * {@code message_templates} (two pages), a brand's NAMED template with an image header, a URL
 * button suffix and a copy-code coupon reaching each customer with their own values, a
 * mis-specified campaign refused before anything is sent, and Meta pausing a template mid-campaign.
 */
@Order(RunningStack.SHARED)
class TemplateCampaignIT {

    @RegisterExtension
    static final RunningStack sandesh = RunningStack.shared();

    @Test
    void aNamedTemplateWithImageHeaderUrlSuffixAndCouponReachesEachCustomerWithTheirOwnValues() throws Exception {
        sandesh.client().resetSimulatorAudit();
        int valid = 60;
        ObjectNode campaign = DemoAudience.festiveCampaign("festive system test", valid, 0, 0, 41);
        String id = sandesh.client().createCampaign(campaign).requireStatus(201).body().path("id").asText();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).read() == valid);

        ArrayNode recipients = campaign.withArray("recipients");
        for (int i = 0; i < valid; i++) {
            JsonNode variables = recipients.get(i).path("variables");
            List<JsonNode> sends = sends(sandesh.client().simulatorSendsTo("91" + DemoAudience.nationalNumber(i)).body());
            assertThat(sends).as("sends to recipient %d", i).hasSize(1);
            JsonNode send = sends.get(0);
            assertThat(send.path("template").asText()).isEqualTo(DemoAudience.FESTIVE_TEMPLATE);
            assertThat(values(send)).as("what recipient %d's message carried", i).containsAllEntriesOf(Map.of(
                    "header image", DemoAudience.BANNER,
                    "body customer", variables.path("customer").asText(),
                    "body offer", "20% off",
                    "button 0 url", variables.path("order").asText(),
                    "button 1 copy_code", variables.path("coupon").asText()));
        }
        JsonNode audit = sandesh.client().simulatorAudit().requireStatus(200).body();
        assertThat(audit.path("recipients").path("duplicated").asLong()).isZero();
    }

    @Test
    void theCatalogueIsEveryPageOfTheSimulatorsTemplatesAndATemplateOnTheSecondPageIsSendable() throws Exception {
        JsonNode catalogue = sandesh.client().templates().requireStatus(200).body();
        List<String> names = new ArrayList<>();
        catalogue.path("templates").forEach(t -> names.add(t.path("name").asText() + "/" + t.path("language").asText()));
        // The simulator lists its 16 translations sorted by name, 10 to a page: sandesh_demo is on page two.
        assertThat(names).hasSize(16).contains("sandesh_demo/en", "video_teaser/en", "diwali_offer/en");
        assertThat(names.stream().sorted().toList().indexOf("sandesh_demo/en")).isGreaterThanOrEqualTo(10);

        var campaign = DemoAudience.campaign("second page", 10, 0, 0, 5);
        String id = sandesh.client().createCampaign(campaign).requireStatus(201).body().path("id").asText();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).read() == 10);
    }

    @Test
    void aMisSpecifiedCampaignIsRefusedBeforeAnythingIsSent() throws Exception {
        sandesh.client().resetSimulatorAudit();
        ObjectNode noCoupon = DemoAudience.festiveCampaign("no coupon", 5, 0, 0, 1);
        ArrayNode components = noCoupon.with("template").withArray("components");
        components.remove(components.size() - 1); // the copy_code button the template requires
        JsonNode refused = sandesh.client().createCampaign(noCoupon).body();
        assertThat(refused.path("status").asInt()).isEqualTo(400);
        assertThat(refused.toString()).contains("copy_code");

        ObjectNode wrongName = DemoAudience.festiveCampaign("wrong parameter name", 5, 0, 0, 2);
        ((ObjectNode) wrongName.with("template").withArray("components").get(1).withArray("parameters").get(0))
                .put("parameter_name", "name");
        JsonNode refusedName = sandesh.client().createCampaign(wrongName).body();
        assertThat(refusedName.path("status").asInt()).isEqualTo(400);
        assertThat(refusedName.toString()).contains("customer");

        ObjectNode unknown = DemoAudience.festiveCampaign("unknown template", 5, 0, 0, 3);
        unknown.with("template").put("language", "fr");
        assertThat(sandesh.client().createCampaign(unknown).body().path("status").asInt()).isEqualTo(400);

        JsonNode audit = sandesh.client().simulatorAudit().requireStatus(200).body();
        assertThat(audit.path("accepted").asLong()).as("sends the simulator saw").isZero();
    }

    @Test
    void metaPausingTheTemplatePausesTheRunningCampaignWithinFiveSecondsAndItResumesOnceReinstated() throws Exception {
        sandesh.client().resetSimulatorAudit();
        int valid = 1_500; // 15 s at 100/s: still sending when Meta pauses the template
        ObjectNode campaign = DemoAudience.festiveCampaign("paused by Meta", valid, 0, 0, 77);
        String id = sandesh.client().createCampaign(campaign).requireStatus(201).body().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).processed() >= 200);

        var json = SandeshClient.json();
        long pausedAt = System.nanoTime();
        sandesh.client().simulatorTemplateEvent(DemoAudience.FESTIVE_TEMPLATE, "en", "status",
                json.createObjectNode().put("event", "PAUSED").put("reason", "NONE")).requireStatus(200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(
                () -> "PAUSED".equals(sandesh.client().campaign(id).requireStatus(200).body().path("state").asText()));
        double seconds = (System.nanoTime() - pausedAt) / 1e9;
        JsonNode paused = sandesh.client().campaign(id).requireStatus(200).body();
        assertThat(paused.path("stateReason").asText()).contains(DemoAudience.FESTIVE_TEMPLATE).contains("PAUSED");
        System.out.printf("template PAUSED webhook → campaign PAUSED in %.2f s%n", seconds);

        // Nothing more leaves once the in-flight sends are answered.
        Thread.sleep(1_500);
        long sentWhenPaused = sandesh.client().simulatorAudit().requireStatus(200).body().path("accepted").asLong();
        Thread.sleep(2_000);
        assertThat(sandesh.client().simulatorAudit().requireStatus(200).body().path("accepted").asLong())
                .isEqualTo(sentWhenPaused).isLessThan(valid);
        assertThat(sandesh.client().campaignAction(id, "resume").status()).as("resume while the template is paused").isEqualTo(409);

        sandesh.client().simulatorTemplateEvent(DemoAudience.FESTIVE_TEMPLATE, "en", "status",
                json.createObjectNode().put("event", "REINSTATED").put("reason", "NONE")).requireStatus(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(
                () -> sandesh.client().campaignAction(id, "resume").status() == 200);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(
                () -> CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).read() == valid);
        JsonNode audit = sandesh.client().simulatorAudit().requireStatus(200).body();
        assertThat(audit.path("accepted").asLong()).isEqualTo(valid);
        assertThat(audit.path("recipients").path("duplicated").asLong()).as("recipients messaged more than once").isZero();
    }

    private static List<JsonNode> sends(JsonNode answer) {
        List<JsonNode> sends = new ArrayList<>();
        (answer.isArray() ? answer : answer.path("sends")).forEach(sends::add);
        return sends;
    }

    /** A send's values keyed "body customer", "header image", "button 0 url", "button 1 copy_code". */
    private static Map<String, String> values(JsonNode send) {
        Map<String, String> values = new HashMap<>();
        for (JsonNode v : send.path("values")) {
            String component = v.path("component").asText();
            String key = switch (component) {
                case "header" -> "header " + v.path("type").asText();
                case "button" -> "button " + v.path("index").asText() + " " + v.path("subType").asText();
                default -> component + " " + v.path("name").asText();
            };
            values.put(key, v.path("value").asText());
        }
        return values;
    }
}
