package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A pause, resume or cancel the broker does not confirm changes nothing and answers 503. Here the
 * control channel publishes to an exchange that does not exist (and is not declared): RabbitMQ
 * refuses every control message, while batches still go to the real exchange.
 */
@QuarkusTest
@TestProfile(ShortBrokerWaits.class) // the control exchange is missing there
class ControlUnconfirmedTest {

    private static final String KEY = "sandesh-dev-key";

    @Test
    void anUnconfirmedControlAnswers503AndTheCampaignKeepsItsState() {
        // Self-contained: another test class's static set-up (the fake webhook-service) would run again in this profile's class loader.
        String phone = String.format("+91 9%04d 00000", (int) (System.nanoTime() % 9000) + 1000);
        String id = given().auth().oauth2(KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "unconfirmed control",
                        "template", Map.of("name", "sandesh_demo", "language", "en", "category", "marketing"),
                        "recipients", List.of(Map.of("phone", phone, "parameters", List.of("Asha")))))
                .post("/v1/campaigns").then().statusCode(201).body("state", equalTo("RUNNING")).extract().path("id");

        given().auth().oauth2(KEY).post("/v1/campaigns/" + id + "/pause")
                .then().statusCode(503).contentType("application/problem+json")
                .body("title", equalTo("Broker unavailable"))
                .body("detail", containsString("state was not changed"));
        given().auth().oauth2(KEY).post("/v1/campaigns/" + id + "/cancel")
                .then().statusCode(503).contentType("application/problem+json");

        assertThat(TestDb.query("SELECT state FROM broadcast.campaign WHERE id = ?", UUID.fromString(id)).getFirst())
                .containsEntry("state", "RUNNING");
    }
}
