package dev.sandesh.webhook.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Knative probes read /q/health: readiness covers the database and the outcomes channel. */
@QuarkusTest
class HealthTest {

    @Test
    void readinessCoversDatabaseAndBroker() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "SmallRye Reactive Messaging - readiness check"));
    }
}
