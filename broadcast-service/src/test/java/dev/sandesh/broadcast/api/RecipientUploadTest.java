package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.broadcast.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Streaming recipients into drafts (NDJSON, CSV), audience hygiene on them, the template registry, the opt-out list. */
@QuarkusTest
class RecipientUploadTest {

    static {
        FakeWebhookService.get();
    }

    private static String draft() {
        return given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "upload", "template", Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"), "start", false))
                .post("/v1/campaigns").then().statusCode(201).body("state", equalTo("DRAFT")).body("counts.recipients", equalTo(0))
                .extract().path("id");
    }

    @Test
    void ndjsonAndCsvUploadsAreScreenedNumberedAfterEachOtherAndCounted() {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        String a = CampaignResourceTest.indianMobile(block, 1).replace(" ", "");
        String b = CampaignResourceTest.indianMobile(block, 2).replace(" ", "");
        String optedOut = CampaignResourceTest.indianMobile(block, 3).replace(" ", "");
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("phone", optedOut))
                .post("/v1/opt-outs").then().statusCode(201).body("phone", equalTo(optedOut)).body("source", equalTo("API"));
        String id = draft();

        String ndjson = """
                {"phone": "%s", "parameters": ["Asha"], "externalId": "c1"}

                {"phone": "12345", "parameters": ["Bad"]}
                {"phone": "%s", "parameters": ["Ravi", "extra"]}
                {"phone": "%s", "parameters": ["Asha again"]}
                {"phone": "%s", "parameters": ["Stop"]}
                """.formatted(a, b, "0" + a.substring(3), optedOut);
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(200)
                .body("firstIndex", equalTo(0))
                .body("received", equalTo(5))
                .body("valid", equalTo(1))
                .body("rejected.total", equalTo(4))
                .body("rejected.byReason.INVALID_NUMBER", equalTo(1))
                .body("rejected.byReason.PARAMETER_COUNT", equalTo(1))
                .body("rejected.byReason.DUPLICATE", equalTo(1))
                .body("rejected.byReason.OPTED_OUT", equalTo(1))
                .body("rejections.reason", equalTo(java.util.List.of("INVALID_NUMBER", "PARAMETER_COUNT", "DUPLICATE", "OPTED_OUT")))
                .body("rejections[1].detail", equalTo("template sandesh_demo takes 1 body parameter(s), got 2"))
                .body("rejections[2].detail", equalTo("same number as recipient 0"));

        String csv = "phone,external_id,param1\n\"%s\",\"c,6\",\"He said \"\"hi\"\"\"\n%s,c7,Again\n".formatted(b, a);
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("text/csv").body(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(200)
                .body("firstIndex", equalTo(5))
                .body("received", equalTo(2))
                .body("valid", equalTo(0))
                .body("rejected.byReason.DUPLICATE", equalTo(2))
                .body("counts.recipients", equalTo(7))
                .body("counts.valid", equalTo(1))
                .body("counts.rejected.total", equalTo(6));
        // b was first given with a wrong parameter count: it still owns the number, so the CSV's copy is a duplicate
        assertThat(TestDb.query("SELECT external_id, parameters::text AS p, rejection_detail FROM broadcast.recipient WHERE campaign_id = ? AND sequence = 5",
                UUID.fromString(id)).getFirst())
                .containsEntry("external_id", "c,6").containsEntry("p", "[\"He said \\\"hi\\\"\"]")
                .containsEntry("rejection_detail", "same number as recipient 2");

        given().auth().oauth2(CampaignResourceTest.KEY).post("/v1/campaigns/" + id + "/start").then().statusCode(200).body("state", equalTo("RUNNING"));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("application/x-ndjson").body(("{\"phone\": \"" + a + "\", \"parameters\": [\"x\"]}").getBytes())
                .post("/v1/campaigns/" + id + "/recipients").then().statusCode(409).contentType("application/problem+json");

        given().auth().oauth2(CampaignResourceTest.KEY).delete("/v1/opt-outs/" + optedOut).then().statusCode(204);
        given().auth().oauth2(CampaignResourceTest.KEY).delete("/v1/opt-outs/" + optedOut).then().statusCode(404);
    }

    @Test
    void aMalformedLineRejectsTheWholeUploadAndStoresNothing() {
        String id = draft();
        String ndjson = "{\"phone\": \"+919812345678\", \"parameters\": [\"a\"]}\n{\"phone\": \"+919812345679\", \"parameters\": [\"b\"]\nnot json\n";
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("line 2"));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("text/csv").body("number,name\n1,2\n".getBytes())
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(400).body("errors[0].reason", containsString("phone"));
        assertThat(TestDb.count("SELECT count(*) FROM broadcast.recipient WHERE campaign_id = ?", UUID.fromString(id))).isZero();
        assertThat(TestDb.query("SELECT recipients FROM broadcast.campaign WHERE id = ?", UUID.fromString(id)).getFirst()).containsEntry("recipients", 0);
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("application/x-ndjson").body(new byte[0])
                .post("/v1/campaigns/" + UUID.randomUUID() + "/recipients").then().statusCode(404);
    }

    @Test
    void templatesAreCheckedAgainstTheRegistryAndParameterCountsPerRecipient() {
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "template", Map.of("name", "no_such_template", "language", "en", "category", "marketing"),
                        "recipients", java.util.List.of(CampaignResourceTest.recipient("+919812345678", "a"))))
                .post("/v1/campaigns").then().statusCode(400).body("errors.field", hasItem("template.name"));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "template", Map.of("name", "sandesh_utility", "language", "hi", "category", "marketing"),
                        "recipients", java.util.List.of(CampaignResourceTest.recipient("+919812345678", "a"))))
                .post("/v1/campaigns").then().statusCode(400)
                .body("errors.field", hasItem("template.language")).body("errors.field", hasItem("template.category"));
        int block = (int) (System.nanoTime() % 9000) + 1000;
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "template", Map.of("name", "sandesh_utility", "language", "en", "category", "utility"),
                        "recipients", java.util.List.of(
                                Map.of("phone", CampaignResourceTest.indianMobile(block, 1), "parameters", java.util.List.of("a", "b")),
                                Map.of("phone", CampaignResourceTest.indianMobile(block, 2), "parameters", java.util.List.of("a")))))
                .post("/v1/campaigns").then().statusCode(201)
                .body("counts.valid", equalTo(1))
                .body("counts.rejected.byReason.PARAMETER_COUNT", equalTo(1))
                .body("rejections[0].index", equalTo(1))
                .body("rejections[0].reason", equalTo("PARAMETER_COUNT"));
    }

    @Test
    void theOptOutListIsPagedByNumberAndFedByStructuredCloudEvents() {
        int block = (int) (System.nanoTime() % 9000) + 1000;
        String phone = "+9194" + block + "12345".substring(0, 4);
        String data = """
                {"version":1,"phone":"%s","action":"OPT_OUT","source":"KEYWORD","at":"2025-10-20T06:30:00Z"}""".formatted(phone);
        // signed as webhook-service's publisher signs it (structured mode: the signature is an attribute)
        java.util.Map<String, String> signed = dev.sandesh.contracts.InternalSignature.installed()
                .headers("OptOut", data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String event = """
                {"specversion": "1.0", "type": "OptOut", "source": "webhook-service", "id": "%s", "time": "%s", "sandeshsignature": "%s",
                 "datacontenttype": "application/json", "data": %s}
                """.formatted(signed.get("ce-id"), signed.get("ce-time"), signed.get("ce-sandeshsignature"), data);
        given().contentType("application/cloudevents+json").body(event.getBytes()).post("/internal/cloudevents/optouts").then().statusCode(204);
        // unsigned (and malformed): refused before it is read
        given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\", \"data\": {\"phone\": 1}}".getBytes())
                .post("/internal/cloudevents/optouts").then().statusCode(401);
        given().auth().oauth2(CampaignResourceTest.KEY).queryParam("after", phone.substring(0, phone.length() - 1)).queryParam("limit", 10000)
                .get("/v1/opt-outs").then().statusCode(200)
                .body("optOuts.phone", hasItem(phone))
                .body("optOuts.find { it.phone == '" + phone + "' }.source", equalTo("KEYWORD"));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(Map.of("phone", "12"))
                .post("/v1/opt-outs").then().statusCode(400).body("errors[0].field", equalTo("phone"));
    }
}
