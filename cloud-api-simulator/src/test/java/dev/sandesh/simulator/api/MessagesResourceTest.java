package dev.sandesh.simulator.api;

import static dev.sandesh.simulator.api.SendRequests.PHONE_NUMBER_ID;
import static dev.sandesh.simulator.api.SendRequests.configure;
import static dev.sandesh.simulator.api.SendRequests.send;
import static dev.sandesh.simulator.api.SendRequests.sendDemo;
import static dev.sandesh.simulator.api.SendRequests.templateBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MessagesResourceTest {

    @Test
    void acceptedSendAnswersLikeMeta() {
        sendDemo("+919812345678")
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("messaging_product", equalTo("whatsapp"))
                .body("contacts", hasSize(1))
                .body("contacts[0].input", equalTo("+919812345678"))
                .body("contacts[0].wa_id", equalTo("919812345678"))
                .body("messages", hasSize(1))
                .body("messages[0].id", matchesPattern("wamid\\.[A-Za-z0-9_-]+"))
                .body("messages[0].message_status", equalTo("accepted"));
    }

    @Test
    void everyAcceptedSendGetsItsOwnWamid() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(sendDemo("919812345601").statusCode(200).extract().path("messages[0].id"));
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    void anyGraphVersionIsAccepted() {
        given().header("Authorization", "Bearer sim-access-token").contentType(ContentType.JSON)
                .body(templateBody("919812345602", "sandesh_demo", "en", 1))
                .post("/v25.0/{id}/messages", PHONE_NUMBER_ID)
                .then().statusCode(200);
    }

    @Test
    void accessTokenQueryParameterIsAcceptedLikeGraph() {
        given().queryParam("access_token", "sim-access-token").contentType(ContentType.JSON)
                .body(templateBody("919812345603", "sandesh_demo", "en", 1))
                .post("/v23.0/{id}/messages", PHONE_NUMBER_ID)
                .then().statusCode(200);
    }

    @Test
    void wrongTokenIs190With401() {
        given().header("Authorization", "Bearer not-the-token").contentType(ContentType.JSON)
                .body(templateBody("919812345678", "sandesh_demo", "en", 1))
                .post("/v23.0/{id}/messages", PHONE_NUMBER_ID)
                .then().statusCode(401)
                .body("error.code", equalTo(190))
                .body("error.type", equalTo("OAuthException"))
                .body("error.message", notNullValue())
                .body("error.fbtrace_id", notNullValue());
    }

    @Test
    void missingTokenIs190With401() {
        given().contentType(ContentType.JSON)
                .body(templateBody("919812345678", "sandesh_demo", "en", 1))
                .post("/v23.0/{id}/messages", PHONE_NUMBER_ID)
                .then().statusCode(401)
                .body("error.code", equalTo(190));
    }

    @Test
    void unknownPhoneNumberIdIsUnsupportedPostRequest() {
        send("999999999999999", templateBody("919812345678", "sandesh_demo", "en", 1))
                .statusCode(400)
                .body("error.code", equalTo(100))
                .body("error.error_subcode", equalTo(33))
                .body("error.message", matchesPattern("Unsupported post request\\. Object with ID '999999999999999'.*"));
    }

    @Test
    void secondConfiguredPhoneNumberIdWorks() {
        send("106540352242923", templateBody("919812345604", "sandesh_demo", "en", 1)).statusCode(200);
    }

    @Test
    void missingRequiredFieldIs131008WithDetails() {
        send("""
                {"messaging_product":"whatsapp","type":"template",
                 "template":{"name":"sandesh_demo","language":{"code":"en"}}}""")
                .statusCode(400)
                .body("error.code", equalTo(131008))
                .body("error.type", equalTo("OAuthException"))
                .body("error.error_data.messaging_product", equalTo("whatsapp"))
                .body("error.error_data.details", equalTo("The parameter to is required."))
                .body("error.fbtrace_id", notNullValue());
        send("""
                {"messaging_product":"whatsapp","to":"919812345678","type":"template",
                 "template":{"name":"sandesh_demo"}}""")
                .statusCode(400)
                .body("error.code", equalTo(131008))
                .body("error.error_data.details", equalTo("The parameter template.language.code is required."));
    }

    @Test
    void invalidValuesAre100() {
        send(templateBody("919812345678", "sandesh_demo", "en", 1).replace("\"whatsapp\"", "\"sms\""))
                .statusCode(400).body("error.code", equalTo(100)).body("error.error_subcode", nullValue());
        send(templateBody("not-a-number", "sandesh_demo", "en", 1))
                .statusCode(400).body("error.code", equalTo(100));
        send("{this is not json").statusCode(400).body("error.code", equalTo(100));
    }

    @Test
    void unknownTemplateOrLanguageIs132001() {
        send(templateBody("919812345678", "no_such_template", "en", 1))
                .statusCode(400).body("error.code", equalTo(132001));
        send(templateBody("919812345678", "sandesh_demo", "pt_BR", 1))
                .statusCode(400).body("error.code", equalTo(132001));
    }

    @Test
    void wrongBodyParameterCountIs132000() {
        send(templateBody("919812345678", "sandesh_demo", "en", 0))
                .statusCode(400).body("error.code", equalTo(132000));
        send(templateBody("919812345678", "sandesh_demo", "en", 2))
                .statusCode(400).body("error.code", equalTo(132000));
        send(SendRequests.orderUpdate("919812345678", "hi")).statusCode(200);
    }

    @Test
    void pausedAndDisabledTemplatesAre132015And132016() {
        send(templateBody("919812345678", "paused_offer", "en", 1))
                .statusCode(400).body("error.code", equalTo(132015));
        send(templateBody("919812345678", "disabled_offer", "en", 1))
                .statusCode(400).body("error.code", equalTo(132016));
    }

    @Test
    void sendingFasterThanTheRateIs130429() {
        try {
            configure("{\"rate\":2}");
            int accepted = 0;
            int limited = 0;
            io.restassured.response.ExtractableResponse<?> firstLimited = null;
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                var answer = sendDemo("919812345605").extract();
                if (answer.statusCode() == 200) {
                    accepted++;
                } else {
                    limited++;
                    firstLimited = firstLimited == null ? answer : firstLimited;
                }
            }
            double elapsedSeconds = (System.nanoTime() - started) / 1e9;
            // A full bucket of 2, plus 2 tokens per second while the ten requests ran.
            assertThat(accepted).isBetween(2, 2 + (int) Math.ceil(2 * elapsedSeconds));
            assertThat(limited).isPositive();
            // the refusal itself (read from the loop: a separate request could find a token refilled meanwhile)
            assertThat(firstLimited.statusCode()).isEqualTo(400);
            assertThat(firstLimited.<Integer>path("error.code")).isEqualTo(130429);
            assertThat(firstLimited.<Integer>path("error.error_subcode")).isEqualTo(2494055);
            assertThat(firstLimited.<String>path("error.error_data.details")).isEqualTo("Cloud API message throughput has been reached.");
        } finally {
            SendRequests.restoreTestRate();
        }
        sendDemo("919812345605").statusCode(200);
    }

    @Test
    void unlimitedRateNeverAnswers130429() {
        try {
            configure("{\"rate\":0}");
            for (int i = 0; i < 200; i++) {
                sendDemo("91981234" + (6000 + i)).statusCode(200).body("messages[0].id", not(equalTo(null)));
            }
        } finally {
            SendRequests.restoreTestRate();
        }
    }
}
