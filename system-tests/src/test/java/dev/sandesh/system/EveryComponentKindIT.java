package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every component kind a brand's templates use, end to end: campaign API → broadcast's check
 * against the catalogue → sender's request body → the simulator's checks as Meta makes them →
 * statuses back. One small campaign per template of the simulator's catalogue (text, image, video,
 * document and location headers; positional and named bodies with text, currency and date_time;
 * URL, copy-code, quick-reply, OTP, flow, catalog and MPM buttons; a carousel; a limited-time
 * offer), each with a per-recipient {@code {{customer}}} where the template has a text to carry it.
 */
@Order(RunningStack.SHARED)
class EveryComponentKindIT {

    @RegisterExtension
    static final RunningStack sandesh = RunningStack.shared();

    private static String text(String value) {
        return "{\"type\":\"text\",\"text\":\"" + value + "\"}";
    }

    private static String body(String... parameters) {
        return "{\"type\":\"body\",\"parameters\":[" + String.join(",", parameters) + "]}";
    }

    private static String button(String subType, int index, String parameter) {
        return "{\"type\":\"button\",\"sub_type\":\"" + subType + "\",\"index\":\"" + index + "\",\"parameters\":[" + parameter + "]}";
    }

    private static String card(int index, String price, String suffix) {
        return "{\"card_index\":" + index + ",\"components\":["
                + "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.mithaihouse.example/" + suffix + ".jpg\"}}]},"
                + body(text(price)) + ","
                + button("quick_reply", 0, "{\"type\":\"payload\",\"payload\":\"CARD" + index + "\"}") + ","
                + button("url", 1, text(suffix)) + "]}";
    }

    /** template/language → Meta's send-time components for it (as the simulator's catalogue defines them). */
    private static final Map<String, String> EVERY_KIND = new LinkedHashMap<>();

    static {
        EVERY_KIND.put("order_update/en", "{\"type\":\"header\",\"parameters\":[" + text("A-1042") + "]}," + body(text("{{customer}}"), text("packed")));
        EVERY_KIND.put("order_update/hi", "{\"type\":\"header\",\"parameters\":[" + text("A-1042") + "]}," + body(text("{{customer}}"), text("पैक हो गया")));
        EVERY_KIND.put("login_otp/en", body(text("482913")) + "," + button("url", 0, text("482913")));
        EVERY_KIND.put("login_otp_one_tap/en_US", body(text("482913")) + "," + button("url", 0, text("482913")));
        EVERY_KIND.put("festive_carousel/en", body(text("{{customer}}")) + ",{\"type\":\"carousel\",\"cards\":["
                + card(0, "₹499", "kaju") + "," + card(1, "₹399", "laddoo") + "]}");
        EVERY_KIND.put("flash_sale_lto/en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"id\":\"4490709327384033\"}}]},"
                + "{\"type\":\"limited_time_offer\",\"parameters\":[{\"type\":\"limited_time_offer\",\"limited_time_offer\":{\"expiration_time_ms\":1798761599000}}]},"
                + body(text("{{customer}}"), text("30%")) + ","
                + button("copy_code", 0, "{\"type\":\"coupon_code\",\"coupon_code\":\"FLASH30\"}") + ","
                + button("url", 1, text("flash30")));
        EVERY_KIND.put("invoice_ready/en_US", "{\"type\":\"header\",\"parameters\":[{\"type\":\"document\",\"document\":"
                + "{\"link\":\"https://shop.example/inv/1042.pdf\",\"filename\":\"Invoice-1042.pdf\"}}]}," + body(text("{{customer}}"), text("INV-1042")));
        EVERY_KIND.put("invoice_ready/hi", "{\"type\":\"header\",\"parameters\":[{\"type\":\"document\",\"document\":"
                + "{\"id\":\"4490709327384034\"}}]}," + body(text("{{customer}}"), text("INV-1042")));
        EVERY_KIND.put("store_pickup/en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"location\",\"location\":"
                + "{\"latitude\":\"19.07\",\"longitude\":\"72.87\",\"name\":\"Mithai House\",\"address\":\"MG Rd\"}}]}," + body(text("A-1042")));
        EVERY_KIND.put("new_menu_flow/en", body(text("{{customer}}")) + "," + button("flow", 0,
                "{\"type\":\"action\",\"action\":{\"flow_token\":\"t-1\",\"flow_action_data\":{\"k\":\"v\"}}}"));
        EVERY_KIND.put("sweets_catalogue/en", body(text("{{customer}}")) + "," + button("catalog", 0,
                "{\"type\":\"action\",\"action\":{\"thumbnail_product_retailer_id\":\"SKU1\"}}"));
        EVERY_KIND.put("gift_box_mpm/en", body(text("{{customer}}")) + "," + button("mpm", 0,
                "{\"type\":\"action\",\"action\":{\"thumbnail_product_retailer_id\":\"SKU1\",\"sections\":"
                        + "[{\"title\":\"Top\",\"product_items\":[{\"product_retailer_id\":\"SKU1\"}]}]}}"));
        EVERY_KIND.put("price_drop/en", body(text("Rasmalai"),
                "{\"type\":\"currency\",\"currency\":{\"fallback_value\":\"₹299.00\",\"code\":\"INR\",\"amount_1000\":299000}}",
                "{\"type\":\"date_time\",\"date_time\":{\"fallback_value\":\"25 Dec 2026\"}}"));
        EVERY_KIND.put("video_teaser/en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"video\",\"video\":{\"link\":\"https://cdn.mithaihouse.example/g.mp4\"}}]},"
                + body(text("{{customer}}")));
    }

    @Test
    void everyComponentKindIsSentThroughTheServicesAndAcceptedAsMetaWould() throws Exception {
        sandesh.client().resetSimulatorAudit();
        var json = SandeshClient.json();
        Map<String, String> campaigns = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, String> kind : EVERY_KIND.entrySet()) {
            String[] nameLanguage = kind.getKey().split("/");
            ObjectNode campaign = json.createObjectNode();
            campaign.put("name", "every kind: " + kind.getKey());
            ObjectNode template = campaign.putObject("template");
            template.put("name", nameLanguage[0]);
            template.put("language", nameLanguage[1]);
            template.set("components", json.readTree("[" + kind.getValue() + "]"));
            ArrayNode recipients = campaign.putArray("recipients");
            for (int j = 0; j < 2; j++) {
                ObjectNode r = recipients.addObject();
                r.put("phone", "+91" + DemoAudience.nationalNumber(5_000 + 2L * k + j));
                r.put("externalId", kind.getKey() + "#" + j);
                r.putObject("variables").put("customer", j == 0 ? "Asha" : "Ravi");
            }
            JsonNode created = sandesh.client().createCampaign(campaign).body();
            assertThat(created.path("counts").path("valid").asLong()).as("%s: %s", kind.getKey(), created).isEqualTo(2);
            campaigns.put(kind.getKey(), created.path("id").asText());
            k++;
        }
        for (Map.Entry<String, String> c : campaigns.entrySet()) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                CampaignProgress p = CampaignProgress.of(sandesh.client().campaign(c.getValue()).requireStatus(200).body());
                assertThat(p.failed()).as("%s failed", c.getKey()).isZero();
                assertThat(p.read()).as("%s read", c.getKey()).isEqualTo(2);
            });
        }
        JsonNode audit = sandesh.client().simulatorAudit().requireStatus(200).body();
        assertThat(audit.path("accepted").asLong()).isEqualTo(2L * EVERY_KIND.size());
        assertThat(audit.path("rejections").path("total").asLong()).as("sends the simulator refused: %s", audit.path("rejections")).isZero();

        // Each recipient's own {{customer}} reached the simulator.
        JsonNode ravi = sandesh.client().simulatorSendsTo("91" + DemoAudience.nationalNumber(5_000 + 2L * 4 + 1)).body();
        assertThat(ravi.toString()).contains("festive_carousel").contains("Ravi").doesNotContain("Asha");
    }
}
