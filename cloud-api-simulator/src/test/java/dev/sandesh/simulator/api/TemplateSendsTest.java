package dev.sandesh.simulator.api;

import static dev.sandesh.simulator.api.SendRequests.reset;
import static dev.sandesh.simulator.api.SendRequests.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every component kind of the built-in catalogue sent over HTTP as Meta takes it, and the audit of what each carried. */
@QuarkusTest
class TemplateSendsTest {

    static String body(String to, String name, String language, String components) {
        return """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                 "template":{"name":"%s","language":{"code":"%s","policy":"deterministic"},"components":[%s]}}"""
                .formatted(to, name, language, components);
    }

    private static final String TEXT = "{\"type\":\"text\",\"text\":\"%s\"}";

    private static String text(String value) {
        return TEXT.formatted(value);
    }

    private static String bodyOf(String... parameters) {
        return "{\"type\":\"body\",\"parameters\":[" + String.join(",", parameters) + "]}";
    }

    private static String button(String subType, int index, String parameter) {
        return "{\"type\":\"button\",\"sub_type\":\"" + subType + "\",\"index\":\"" + index + "\",\"parameters\":["
                + parameter + "]}";
    }

    static final Map<String, String> EVERY_KIND = Map.ofEntries(
            Map.entry("order_update/en", "{\"type\":\"header\",\"parameters\":[" + text("A-1042") + "]},"
                    + bodyOf(text("Asha"), text("packed"))),
            Map.entry("login_otp/en", bodyOf(text("482913")) + "," + button("url", 0, text("482913"))),
            Map.entry("login_otp_one_tap/en_US", bodyOf(text("482913")) + "," + button("url", 0, text("482913"))),
            Map.entry("festive_carousel/en", bodyOf(text("Asha")) + ",{\"type\":\"carousel\",\"cards\":["
                    + card(0, "₹499", "kaju") + "," + card(1, "₹399", "laddoo") + "]}"),
            Map.entry("flash_sale_lto/en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"id\":\"4490709327384033\"}}]},"
                    + "{\"type\":\"limited_time_offer\",\"parameters\":[{\"type\":\"limited_time_offer\",\"limited_time_offer\":{\"expiration_time_ms\":1798761599000}}]},"
                    + bodyOf(text("Asha"), text("30%")) + ","
                    + button("copy_code", 0, "{\"type\":\"coupon_code\",\"coupon_code\":\"FLASH30\"}") + ","
                    + button("url", 1, text("flash30"))),
            Map.entry("invoice_ready/en_US", "{\"type\":\"header\",\"parameters\":[{\"type\":\"document\",\"document\":"
                    + "{\"link\":\"https://shop.example/inv/1042.pdf\",\"filename\":\"Invoice-1042.pdf\"}}]},"
                    + bodyOf(text("Asha"), text("INV-1042"))),
            Map.entry("invoice_ready/hi", "{\"type\":\"header\",\"parameters\":[{\"type\":\"document\",\"document\":"
                    + "{\"id\":\"4490709327384034\"}}]}," + bodyOf(text("आशा"), text("INV-1042"))),
            Map.entry("store_pickup/en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"location\",\"location\":"
                    + "{\"latitude\":\"19.07\",\"longitude\":\"72.87\",\"name\":\"Mithai House\",\"address\":\"MG Rd\"}}]},"
                    + bodyOf(text("A-1042"))),
            Map.entry("new_menu_flow/en", bodyOf(text("Asha")) + "," + button("flow", 0,
                    "{\"type\":\"action\",\"action\":{\"flow_token\":\"t-1\",\"flow_action_data\":{\"k\":\"v\"}}}")),
            Map.entry("sweets_catalogue/en", bodyOf(text("Asha")) + "," + button("CATALOG", 0,
                    "{\"type\":\"action\",\"action\":{\"thumbnail_product_retailer_id\":\"SKU1\"}}")),
            Map.entry("gift_box_mpm/en", bodyOf(text("Asha")) + "," + button("mpm", 0,
                    "{\"type\":\"action\",\"action\":{\"thumbnail_product_retailer_id\":\"SKU1\",\"sections\":"
                            + "[{\"title\":\"Top\",\"product_items\":[{\"product_retailer_id\":\"SKU1\"}]}]}}")),
            Map.entry("price_drop/en", bodyOf(text("Rasmalai"),
                    "{\"type\":\"currency\",\"currency\":{\"fallback_value\":\"₹299.00\",\"code\":\"INR\",\"amount_1000\":299000}}",
                    "{\"type\":\"date_time\",\"date_time\":{\"fallback_value\":\"25 Dec 2026\"}}")),
            Map.entry("video_teaser/en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"video\",\"video\":{\"link\":\"https://cdn.example/g.mp4\"}}]},"
                    + bodyOf(text("Asha"))));

    private static String card(int index, String price, String suffix) {
        return "{\"card_index\":" + index + ",\"components\":["
                + "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.example/" + suffix + ".jpg\"}}]},"
                + bodyOf(text(price)) + ","
                + button("quick_reply", 0, "{\"type\":\"payload\",\"payload\":\"CARD" + index + "\"}") + ","
                + button("url", 1, text(suffix)) + "]}";
    }

    @Test
    void everyComponentKindOfTheCatalogueIsAccepted() {
        int i = 0;
        for (Map.Entry<String, String> kind : EVERY_KIND.entrySet()) {
            String[] nameLanguage = kind.getKey().split("/");
            String to = "91981220000" + (i++ % 10);
            send(body(to, nameLanguage[0], nameLanguage[1], kind.getValue()))
                    .statusCode(200).body("messages[0].message_status", equalTo("accepted"));
        }
    }

    @Test
    void eachRecipientsValuesAreInTheAudit() {
        reset();
        String image = "{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.example/banner.jpg\"}}";
        String asha = send(MetaFidelityTest.diwali("919812230001", image)).statusCode(200).extract().path("messages[0].id");
        send(MetaFidelityTest.diwali("919812230002", image).replace("Asha", "Ravi").replace("A1B2C3", "R9")).statusCode(200);
        given().get("/_simulator/audit/sends/{wamid}", asha).then().statusCode(200)
                .body("to", equalTo("919812230001")).body("template", equalTo("diwali_offer"))
                .body("language", equalTo("en")).body("endpoint", equalTo("messages"))
                .body("category", equalTo("MARKETING"))
                .body("values.find { it.name == 'customer' }.value", equalTo("Asha"))
                .body("values.find { it.component == 'header' }.value", equalTo("https://cdn.example/banner.jpg"))
                .body("values.find { it.index == 0 }.subType", equalTo("url"))
                .body("values.find { it.index == 0 }.value", equalTo("A1B2C3"))
                .body("values.find { it.index == 1 }.value", equalTo("DIWALI20"))
                .body("values.find { it.component == 'header' }.index", nullValue());
        given().get("/_simulator/audit/sends?to=919812230002").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].values.find { it.name == 'customer' }.value", equalTo("Ravi"))
                .body("[0].values.find { it.index == 0 }.value", equalTo("R9"));
        given().get("/_simulator/audit/recipients/{to}", "+919812230002").then()
                .body("accepted", equalTo(1)).body("sends[0].template", equalTo("diwali_offer"));
        given().get("/_simulator/audit/sends/wamid.nope").then().statusCode(404);
        given().get("/_simulator/audit/sends?template=diwali_offer").then().body("", hasSize(2));
    }

    @Test
    void sendsAreCheckedAgainstTheTemplateInThatLanguage() {
        send(body("919812240001", "order_update", "hi", EVERY_KIND.get("order_update/en"))).statusCode(200);
        send(body("919812240002", "invoice_ready", "en", EVERY_KIND.get("invoice_ready/en_US")))
                .statusCode(400).body("error.code", equalTo(132001))
                .body("error.error_data.details", equalTo("template name (invoice_ready) does not exist in en"));
        send(body("919812240003", "order_update", "en", bodyOf(text("Asha"), text("packed"))))
                .statusCode(400).body("error.code", equalTo(132000))
                .body("error.error_data.details", startsWith("header: number of localizable_params (0)"));
        send(body("919812240004", "video_teaser", "en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"image\","
                + "\"image\":{\"link\":\"https://cdn.example/g.jpg\"}}]}," + bodyOf(text("Asha"))))
                .statusCode(400).body("error.code", equalTo(132012));
        send(body("919812240005", "video_teaser", "en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"video\","
                + "\"video\":{\"link\":\"https://cdn.example/g.mp4\",\"id\":\"123\"}}]}," + bodyOf(text("Asha"))))
                .statusCode(400).body("error.code", equalTo(131009));
        send(body("919812240006", "store_pickup", "en", "{\"type\":\"header\",\"parameters\":[{\"type\":\"location\","
                + "\"location\":{\"latitude\":\"19.07\"}}]}," + bodyOf(text("A-1042"))))
                .statusCode(400).body("error.code", equalTo(131009))
                .body("error.error_data.details", startsWith("header parameter of type location: longitude"));
        send(body("919812240007", "price_drop", "en", bodyOf(text("Rasmalai"),
                "{\"type\":\"currency\",\"currency\":{\"fallback_value\":\"₹299.00\",\"code\":\"INR\"}}", text("today"))))
                .statusCode(400).body("error.code", equalTo(131009));
        send(MetaFidelityTest.diwali("919812240008", "{\"type\":\"image\",\"image\":{\"id\":\"1\"}}")
                .replace("\"parameter_name\":\"customer\",", "")).statusCode(400).body("error.code", equalTo(100))
                .body("error.error_data.details", startsWith("body: parameter_name is required"));
        send(SendRequests.templateBody("919812240009", "sandesh_demo", "en", 1)
                .replace("\"code\":\"en\"", "\"code\":\"en\",\"policy\":\"fallback\"")).statusCode(400)
                .body("error.code", equalTo(100));
    }

    @Test
    void marketingMessagesApiTakesMarketingTemplatesOnly() {
        reset();
        String image = "{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.example/banner.jpg\"}}";
        String diwali = MetaFidelityTest.diwali("919812250001", image).replace("\"biz_opaque_callback_data\":\"campaign-7\"",
                "\"product_policy\":\"STRICT\",\"message_activity_sharing\":true");
        String wamid = marketing(diwali).statusCode(200).body("messages[0].message_status", equalTo("accepted"))
                .body("contacts[0].wa_id", equalTo("919812250001")).extract().path("messages[0].id");
        given().get("/_simulator/audit/sends/{wamid}", wamid).then().body("endpoint", equalTo("marketing_messages"));
        marketing(SendRequests.orderUpdate("919812250002", "en")).statusCode(400).body("error.code", equalTo(134100));
        marketing(diwali.replace("\"STRICT\"", "\"LOOSE\"")).statusCode(400).body("error.code", equalTo(100));
        marketing(diwali.replace("\"type\":\"template\"", "\"type\":\"text\"")).statusCode(400)
                .body("error.code", equalTo(100)).body("error.error_data.details", equalTo("Message must be a template message."));
        try {
            for (int code : List.of(131055, 134101, 131009)) {
                faultOn("{\"failWith\":" + code + "}").body("failWith", equalTo(code));
                marketing(diwali).statusCode(400).body("error.code", equalTo(code));
            }
            faultOn("{\"failWith\":134102,\"template\":\"diwali_offer\"}");
            marketing(diwali).statusCode(500).body("error.code", equalTo(134102));
            marketing(SendRequests.sendDemoBody("919812250003")).statusCode(200);
            SendRequests.send(diwali).statusCode(200); // /messages is not affected
            faultOn("{\"failWith\":132000}", 400);
        } finally {
            faultOn("{\"failWith\":null}").body("failWith", nullValue());
        }
        marketing(diwali).statusCode(200);
    }

    private static ValidatableResponse faultOn(String body) {
        return faultOn(body, 200);
    }

    private static ValidatableResponse faultOn(String body, int status) {
        return given().contentType(ContentType.JSON).body(body).put("/_simulator/marketing-messages").then()
                .statusCode(status);
    }

    static ValidatableResponse marketing(String body) {
        return given().header("Authorization", "Bearer " + SendRequests.TOKEN).contentType(ContentType.JSON).body(body)
                .post("/v23.0/{id}/marketing_messages", SendRequests.PHONE_NUMBER_ID).then();
    }

    @Test
    void catalogueIsPagedInMetasShape() {
        String url = "/v23.0/102290129340398/message_templates";
        ValidatableResponse first = given().header("Authorization", "Bearer " + SendRequests.TOKEN).get(url).then()
                .statusCode(200).body("data", hasSize(10));
        String next = first.extract().path("paging.next");
        assertThat(next).startsWith("http://localhost:").contains("/v23.0/102290129340398/message_templates?")
                .contains("after=");
        assertThat((String) first.extract().path("paging.cursors.after")).isNotBlank();
        List<String> names = new java.util.ArrayList<>(first.extract().path("data.name"));
        ValidatableResponse second = given().header("Authorization", "Bearer " + SendRequests.TOKEN).get(next).then()
                .statusCode(200);
        names.addAll(second.extract().path("data.name"));
        assertThat((Object) second.extract().path("paging.next")).isNull();
        assertThat((String) second.extract().path("paging.previous")).contains("before=");
        assertThat(names).contains("sandesh_demo", "diwali_offer", "login_otp", "festive_carousel")
                .as("sandesh_demo sits on the second page").endsWith("store_pickup", "sweets_catalogue", "video_teaser");
        assertThat(names.indexOf("sandesh_demo")).isGreaterThanOrEqualTo(10);

        given().header("Authorization", "Bearer " + SendRequests.TOKEN)
                .get(url + "?name=diwali&fields=name,components,status").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", equalTo("1029384756000002"))
                .body("data[0].category", nullValue())
                .body("data[0].components.type", contains("HEADER", "BODY", "FOOTER", "BUTTONS"))
                .body("data[0].components[0].format", equalTo("IMAGE"))
                .body("data[0].components[1].example.body_text_named_params.param_name", contains("customer", "offer"))
                .body("data[0].components[3].buttons.type", contains("URL", "COPY_CODE", "QUICK_REPLY"))
                .body("data[0].components[3].buttons[0].url", equalTo("https://shop.example/o/{{1}}"));
        given().header("Authorization", "Bearer " + SendRequests.TOKEN)
                .get(url + "?category=AUTHENTICATION&limit=1").then().statusCode(200)
                .body("data[0].name", equalTo("login_otp")).body("data[0].parameter_format", equalTo("POSITIONAL"))
                .body("data[0].components[2].buttons[0].type", equalTo("URL"))
                .body("data[0].components[2].buttons[0].otp_type", equalTo("COPY_CODE"))
                .body("paging.next", startsWith("http"));
        given().header("Authorization", "Bearer " + SendRequests.TOKEN).get(url + "?status=PAUSED,DISABLED").then()
                .body("data.name", contains("disabled_offer", "paused_offer"));
        given().header("Authorization", "Bearer " + SendRequests.TOKEN).get(url + "?limit=0").then().statusCode(400)
                .body("error.code", equalTo(100));
        given().header("Authorization", "Bearer " + SendRequests.TOKEN).get(url + "?summary=total_count&limit=1").then()
                .body("summary.total_count", equalTo(18));
        given().header("Authorization", "Bearer wrong").get(url).then().statusCode(401).body("error.code", equalTo(190));
        given().header("Authorization", "Bearer " + SendRequests.TOKEN).get("/v23.0/999/message_templates").then()
                .statusCode(400).body("error.error_subcode", equalTo(33));
    }

    @Test
    void templatesCanBeAddedInMetasShapeAndRemoved() {
        String template = """
                {"category":"UTILITY","parameter_format":"NAMED","status":"APPROVED","components":[
                  {"type":"BODY","text":"Hi {{first_name}}","example":{"body_text_named_params":[{"param_name":"first_name","example":"Asha"}]}}]}""";
        given().contentType(ContentType.JSON).body(template).put("/_simulator/templates/{n}/{l}", "welcome_note", "pt_BR")
                .then().statusCode(200).body("name", equalTo("welcome_note")).body("language", equalTo("pt_BR"))
                .body("id", org.hamcrest.Matchers.matchesPattern("[0-9]+"));
        try {
            send(body("919812260001", "welcome_note", "pt_BR",
                    bodyOf("{\"type\":\"text\",\"parameter_name\":\"first_name\",\"text\":\"Asha\"}"))).statusCode(200);
            given().get("/_simulator/templates/{n}/{l}", "welcome_note", "pt_BR").then()
                    .body("components[0].text", equalTo("Hi {{first_name}}"));
            given().contentType(ContentType.JSON).body("{\"category\":\"UTILITY\",\"components\":[{\"type\":\"NOPE\"}]}")
                    .put("/_simulator/templates/{n}/{l}", "welcome_note", "pt_BR").then().statusCode(400);
        } finally {
            given().delete("/_simulator/templates/{n}/{l}", "welcome_note", "pt_BR").then().statusCode(204);
        }
        send(body("919812260002", "welcome_note", "pt_BR", bodyOf(text("Asha")))).statusCode(400)
                .body("error.code", equalTo(132001));
    }
}
