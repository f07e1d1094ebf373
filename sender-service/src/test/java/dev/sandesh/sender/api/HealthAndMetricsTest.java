package dev.sandesh.sender.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readinessCoversTheDatabaseAndTheBroker() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("PostgreSQL")))
                .body("checks.name", hasItem(containsString("Reactive Messaging")));
    }

    @Test
    void sendCountersByResultAreExposedToPrometheus() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("sandesh_sender_sends_total{"))
                .body(containsString("result=\"accepted\""));
    }
}
