package dev.sandesh.simulator.api;

import static dev.sandesh.simulator.api.SendRequests.reset;
import static dev.sandesh.simulator.api.SendRequests.send;
import static dev.sandesh.simulator.api.SendRequests.sendDemo;
import static dev.sandesh.simulator.api.SendRequests.templateBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SimulatorResourceTest {

    @BeforeEach
    void clean() {
        reset();
    }

    @Test
    void auditCountsAcceptedSendsAndListsRecipientsSentMoreThanOnce() {
        sendDemo("919800000001").statusCode(200);
        sendDemo("919800000002").statusCode(200);
        sendDemo("+919800000002").statusCode(200); // same recipient, with the plus
        sendDemo("919800000003").statusCode(200);
        sendDemo("919800000003").statusCode(200);
        sendDemo("919800000003").statusCode(200);

        given().get("/_simulator/audit").then().statusCode(200)
                .body("accepted", equalTo(6))
                .body("recipients.distinct", equalTo(3))
                .body("recipients.duplicated", equalTo(2))
                .body("recipients.duplicates.to", contains("919800000003", "919800000002"))
                .body("recipients.duplicates.count", contains(3, 2))
                .body("recipients.duplicatesTruncated", equalTo(false));

        given().get("/_simulator/audit/recipients/{to}", "+919800000003").then().statusCode(200)
                .body("to", equalTo("919800000003"))
                .body("accepted", equalTo(3));
        given().get("/_simulator/audit/recipients/{to}", "919800000009").then().statusCode(200)
                .body("accepted", equalTo(0));
    }

    @Test
    void rejectedSendsAreCountedByCodeAndNotAsAccepted() {
        send(templateBody("919800000004", "no_such_template", "en", 1)).statusCode(400);
        send(templateBody("919800000004", "no_such_template", "en", 1)).statusCode(400);
        send("{}").statusCode(400);
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON)
                .body(templateBody("919800000004", "sandesh_demo", "en", 1))
                .post("/v23.0/106540352242922/messages").then().statusCode(401);

        given().get("/_simulator/audit").then().statusCode(200)
                .body("accepted", equalTo(0))
                .body("recipients.distinct", equalTo(0))
                .body("rejections.total", equalTo(4))
                .body("rejections.byCode.'132001'", equalTo(2))
                .body("rejections.byCode.'131008'", equalTo(1))
                .body("rejections.byCode.'190'", equalTo(1));
    }

    @Test
    void resetForgetsEverything() {
        sendDemo("919800000005").statusCode(200);
        sendDemo("919800000005").statusCode(200);
        reset();
        given().get("/_simulator/audit").then().statusCode(200)
                .body("accepted", equalTo(0))
                .body("recipients.duplicates", hasSize(0))
                .body("rejections.total", equalTo(0));
    }

    @Test
    void configCanBeReadAndChanged() {
        try {
            given().get("/_simulator/config").then().statusCode(200)
                    .body("rate", equalTo(1000.0f))
                    .body("burst", equalTo(1000.0f))
                    .body("webhookUrl", nullValue())
                    .body("phoneNumberIds", contains("106540352242922", "106540352242923"));
            given().contentType(ContentType.JSON).body("{\"rate\":20,\"burst\":5}").put("/_simulator/config")
                    .then().statusCode(200)
                    .body("rate", equalTo(20.0f))
                    .body("burst", equalTo(5.0f));
            given().contentType(ContentType.JSON).body("{\"rate\":\"fast\"}").put("/_simulator/config")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400));
        } finally {
            SendRequests.restoreTestRate();
        }
    }

    @Test
    void templateCanBePausedAtRuntime() {
        try {
            given().contentType(ContentType.JSON).body("{\"status\":\"PAUSED\"}")
                    .put("/_simulator/templates/{name}", "sandesh_demo")
                    .then().statusCode(200)
                    .body("status", equalTo("PAUSED"))
                    .body("bodyParameters", equalTo(1));
            sendDemo("919800000006").statusCode(400).body("error.code", equalTo(132015));
        } finally {
            given().contentType(ContentType.JSON).body("{\"status\":\"APPROVED\"}")
                    .put("/_simulator/templates/{name}", "sandesh_demo").then().statusCode(200);
        }
        sendDemo("919800000006").statusCode(200);
        given().get("/_simulator/templates").then().statusCode(200)
                .body("find { it.name == 'order_update' }.languages", contains("en", "hi"));
    }

    @Test
    void healthIsUp() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
