package dev.sandesh.simulator.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Builds sends the way sender-service does: template bodies, bearer token, Meta's path. */
public final class SendRequests {

    public static final String TOKEN = "sim-access-token";
    public static final String PHONE_NUMBER_ID = "106540352242922";

    private SendRequests() {
    }

    public static String templateBody(String to, String name, String language, int bodyParameters) {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < bodyParameters; i++) {
            params.append(i == 0 ? "" : ",").append("{\"type\":\"text\",\"text\":\"p").append(i).append("\"}");
        }
        return """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                 "template":{"name":"%s","language":{"code":"%s"},
                   "components":[{"type":"body","parameters":[%s]}]}}""".formatted(to, name, language, params);
    }

    /** order_update (UTILITY, en and hi): a TEXT header variable and two body variables. */
    public static String orderUpdate(String to, String language) {
        return """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                 "template":{"name":"order_update","language":{"code":"%s","policy":"deterministic"},
                   "components":[{"type":"header","parameters":[{"type":"text","text":"A-1042"}]},
                     {"type":"body","parameters":[{"type":"text","text":"Asha"},{"type":"text","text":"packed"}]}]}}"""
                .formatted(to, language);
    }

    public static ValidatableResponse send(String body) {
        return send(PHONE_NUMBER_ID, body);
    }

    public static ValidatableResponse send(String phoneNumberId, String body) {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON).body(body)
                .when().post("/v23.0/{id}/messages", phoneNumberId)
                .then();
    }

    public static ValidatableResponse sendDemo(String to) {
        return send(sendDemoBody(to));
    }

    public static String sendDemoBody(String to) {
        return templateBody(to, "sandesh_demo", "en", 1);
    }

    public static void configure(String json) {
        given().contentType(ContentType.JSON).body(json).put("/_simulator/config").then().statusCode(200);
    }

    /** The rate %test configures (application.properties). */
    public static void restoreTestRate() {
        configure("{\"rate\":1000}");
    }

    public static void reset() {
        given().post("/_simulator/reset").then().statusCode(200);
    }
}
