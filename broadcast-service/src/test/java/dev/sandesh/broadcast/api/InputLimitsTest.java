package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.FakeWebhookService;
import dev.sandesh.broadcast.TestDb;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Bad input is refused with a 400 (or 411/413) naming what is wrong, and nothing of it is stored (REFERENCE.md "Limits"). */
@QuarkusTest
class InputLimitsTest {

    static {
        FakeWebhookService.get();
    }

    @TestHTTPResource("/")
    URL root;

    private static String draft() {
        return given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "limits", "template", Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"), "start", false))
                .post("/v1/campaigns").then().statusCode(201).extract().path("id");
    }

    private static long campaignsNamed(String name) {
        return TestDb.count("SELECT count(*) FROM broadcast.campaign WHERE name = ?", name);
    }

    private static long recipientsOf(String id) {
        return TestDb.count("SELECT count(*) FROM broadcast.recipient WHERE campaign_id = ?", UUID.fromString(id));
    }

    @Test
    void aNulInAParameterIsA400NamingTheFieldAndNoCampaign() {
        String name = "nul-" + UUID.randomUUID();
        String body = """
                {"name": "%s", "template": {"name": "sandesh_demo", "language": "en", "category": "marketing"},
                 "recipients": [{"phone": "+919812345678", "parameters": ["As\\u0000ha"]}]}""".formatted(name);
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body(body).post("/v1/campaigns")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("recipients[0].parameters[0]"))
                .body("errors[0].reason", containsString("NUL"));
        assertThat(campaignsNamed(name)).isZero();
    }

    @Test
    void aLoneSurrogateInTheNameVariablesOrComponentsIsA400NamingTheField() {
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("""
                        {"name": "Diwali \\ud83d", "template": {"name": "sandesh_demo", "language": "en"}, "start": false}""")
                .post("/v1/campaigns").then().statusCode(400)
                .body("errors[0].field", equalTo("name")).body("errors[0].reason", containsString("surrogate"));
        String name = "var-" + UUID.randomUUID();
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("""
                        {"name": "%s", "template": {"name": "sandesh_demo", "language": "en"},
                         "recipients": [{"phone": "+919812345678", "parameters": ["a"], "externalId": "ok", "variables": {"coupon": "\\udc00"}}]}"""
                        .formatted(name))
                .post("/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("recipients[0].variables.coupon"));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON).body("""
                        {"name": "%s", "template": {"name": "sandesh_demo", "language": "en",
                         "components": [{"type": "body", "parameters": [{"type": "text", "text": "x\\u0000"}]}]}, "start": false}""".formatted(name))
                .post("/v1/campaigns").then().statusCode(400).body("errors[0].field", equalTo("template.components[0].parameters[0].text"));
        assertThat(campaignsNamed(name)).isZero();
    }

    @Test
    void anNdjsonLineLongerThanTheLimitOrHoldingANulRefusesTheUploadNamingTheLine() {
        String id = draft();
        String ndjson = "{\"phone\": \"+919812345678\", \"parameters\": [\"Asha\"]}\n{\"phone\": \"+447400123456\", \"parameters\": [\""
                + "x".repeat(70_000) + "\"]}\n";
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("line 2"))
                .body("errors[0].reason", containsString("longer than 65536 characters"));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("application/x-ndjson")
                .body("{\"phone\": \"+919812345678\", \"parameters\": [\"Asha\"]}\n\n{\"phone\": \"+447400123456\", \"externalId\": \"c\\u0000\"}\n"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("line 3"))
                .body("errors[0].reason", containsString("externalId"));
        assertThat(recipientsOf(id)).as("nothing of a refused upload is stored").isZero();
    }

    @Test
    void anNdjsonUploadFarLongerThanOneLinesLimitIsTakenWhole() {
        // every line is its own record: the per-line bound must not add up over the upload
        // (it did: an NDJSON upload over 65,536 + 8,192 characters was refused as one overlong record)
        String id = draft();
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            ndjson.append("{\"phone\": \"+9198").append(10_000_000 + i).append("\", \"parameters\": [\"Customer ").append(i).append("\"]}\n");
        }
        assertThat(ndjson.length()).isGreaterThan(3 * (65_536 + 8_192));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("application/x-ndjson").body(ndjson.toString().getBytes(StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(200).body("received", equalTo(5_000)).body("valid", equalTo(5_000));
        assertThat(recipientsOf(id)).isEqualTo(5_000);
    }

    @Test
    void aCsvLineLongerThanTheLimitOrHoldingANulRefusesTheUploadNamingTheLine() {
        String id = draft();
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("text/csv")
                .body(("phone,param1\n+919812345678,Asha\n+447400123456," + "y".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(400).body("errors[0].field", equalTo("line 3")).body("errors[0].reason", containsString("longer than"));
        given().auth().oauth2(CampaignResourceTest.KEY).contentType("text/csv")
                .body("phone,coupon\n+919812345678,A\u0000B\n".getBytes(StandardCharsets.UTF_8))
                .post("/v1/campaigns/" + id + "/recipients")
                .then().statusCode(400).body("errors[0].field", equalTo("line 2")).body("errors[0].reason", containsString("variables.coupon"));
        assertThat(recipientsOf(id)).isZero();
    }

    @Test
    void aJsonBodyOverTheLimitIs413AndOneWithoutALengthIs411BeforeAnyIsRead() throws IOException {
        String over = exchange("POST /v1/campaigns HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + CampaignResourceTest.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (17L * 1024 * 1024) + "\r\n\r\n{");
        assertThat(over).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("sandesh.limits.json-body");
        String chunked = exchange("POST /v1/campaigns HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + CampaignResourceTest.KEY
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 411");
    }

    /** Sends a request's head (and the start of a body) and reads the answer, which must come without the rest of the body. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            StringBuilder answer = new StringBuilder();
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (answer.indexOf("\r\n\r\n") > 0 && answer.indexOf("}") > 0) {
                    break;
                }
            }
            return answer.toString();
        }
    }
}
