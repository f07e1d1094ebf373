package dev.sandesh.simulator.api;

import static dev.sandesh.simulator.api.SendRequests.PHONE_NUMBER_ID;
import static dev.sandesh.simulator.api.SendRequests.configure;
import static dev.sandesh.simulator.api.SendRequests.reset;
import static dev.sandesh.simulator.api.SendRequests.send;
import static dev.sandesh.simulator.api.SendRequests.sendDemo;
import static dev.sandesh.simulator.api.SendRequests.templateBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The synchronous behaviours a sender depends on: limits, account switches, faults, parameter checks. */
@QuarkusTest
class MetaFidelityTest {

    static final String SECOND_NUMBER = "106540352242923";

    @BeforeEach
    void clean() {
        reset();
    }

    @AfterEach
    void restore() {
        configure("""
                {"rate":1000,"account":"ok","numbers":{"106540352242923":null},
                 "pairRate":{"enabled":true,"interval":"6s","burst":45},
                 "faults":{"serverErrorShare":0,"unavailableShare":0,"timeoutShare":0,"timeoutHold":"30s",
                           "latencyMedian":0,"latencyP99":null}}""");
    }

    @Test
    void pairRateLimitAnswers131056AfterABurstOf45ToOneRecipient() {
        for (int i = 0; i < 45; i++) {
            sendDemo("919800001111").statusCode(200);
        }
        sendDemo("919800001111").statusCode(400)
                .body("error.code", equalTo(131056))
                .body("error.type", equalTo("OAuthException"))
                .body("error.error_data.messaging_product", equalTo("whatsapp"));
        sendDemo("919800001112").statusCode(200);
        send(SECOND_NUMBER, templateBody("919800001111", "sandesh_demo", "en", 1)).statusCode(200);
        given().get("/_simulator/audit").then()
                .body("rateLimited.pair", equalTo(1))
                .body("rateLimited.throughput", equalTo(0))
                .body("recipients.duplicates[0].count", equalTo(46));
    }

    @Test
    void pairRateCanBeTunedOrSwitchedOff() {
        configure("{\"pairRate\":{\"burst\":2,\"interval\":\"1m\"}}");
        sendDemo("919800001113").statusCode(200);
        sendDemo("919800001113").statusCode(200);
        sendDemo("919800001113").statusCode(400).body("error.code", equalTo(131056));
        configure("{\"pairRate\":{\"enabled\":false}}");
        for (int i = 0; i < 60; i++) {
            sendDemo("919800001113").statusCode(200);
        }
    }

    @Test
    void eachPhoneNumberHasItsOwnLimitAndUnknownNumbersAreRefused() {
        configure("{\"numbers\":{\"106540352242923\":{\"rate\":1,\"burst\":1}}}");
        given().get("/_simulator/config").then()
                .body("numbers.'106540352242923'.rate", equalTo(1.0f))
                .body("numbers.'106540352242923'.ownLimits", equalTo(true))
                .body("numbers.'106540352242923'.displayPhoneNumber", equalTo("15550783882"))
                .body("numbers.'106540352242922'.rate", equalTo(1000.0f));
        send(SECOND_NUMBER, templateBody("919800002221", "sandesh_demo", "en", 1)).statusCode(200);
        send(SECOND_NUMBER, templateBody("919800002222", "sandesh_demo", "en", 1)).statusCode(400)
                .body("error.code", equalTo(130429));
        for (int i = 0; i < 20; i++) {
            sendDemo("9198000023" + (10 + i)).statusCode(200);
        }
        send("999999999999", templateBody("919800002223", "sandesh_demo", "en", 1)).statusCode(400)
                .body("error.code", equalTo(100)).body("error.error_subcode", equalTo(33));
    }

    @Test
    void accountSwitchMakesEveryLaterSendFailThatWay() {
        configure("{\"account\":\"blocked\"}");
        sendDemo("919800003331").statusCode(400).body("error.code", equalTo(368));
        send(SECOND_NUMBER, templateBody("919800003332", "sandesh_demo", "en", 1)).statusCode(400)
                .body("error.code", equalTo(368));
        configure("{\"account\":\"locked\"}");
        sendDemo("919800003333").statusCode(400).body("error.code", equalTo(131031));
        configure("{\"account\":\"token-expired\"}");
        sendDemo("919800003334").statusCode(401).body("error.code", equalTo(190))
                .body("error.error_subcode", equalTo(463));
        given().get("/_simulator/config").then().body("account", equalTo("token-expired"));
        configure("{\"account\":\"ok\"}");
        sendDemo("919800003335").statusCode(200);
        given().get("/_simulator/audit").then()
                .body("accepted", equalTo(1))
                .body("rejections.byCode.'368'", equalTo(2))
                .body("rejections.byCode.'131031'", equalTo(1))
                .body("rejections.byCode.'190'", equalTo(1));
    }

    @Test
    void injectedServerErrorsAreNotAccepted() {
        configure("{\"faults\":{\"serverErrorShare\":1}}");
        sendDemo("919800004441").statusCode(500).body("error.code", equalTo(131000))
                .body("error.fbtrace_id", org.hamcrest.Matchers.notNullValue());
        configure("{\"faults\":{\"serverErrorShare\":0,\"unavailableShare\":1}}");
        sendDemo("919800004442").statusCode(503).body("error.code", equalTo(131016));
        configure("{\"faults\":{\"serverErrorShare\":0.3,\"unavailableShare\":0}}");
        int failed = 0;
        for (int i = 0; i < 300; i++) {
            failed += sendDemo("9198000045" + String.format("%02d", i % 100)).extract().statusCode() == 500 ? 1 : 0;
        }
        assertThat(failed).as("500s out of 300 at a 30%% share").isBetween(50, 130);
        given().get("/_simulator/audit").then()
                .body("accepted", equalTo(300 - failed))
                .body("faults.serverErrors", equalTo(failed + 1))
                .body("faults.unavailable", equalTo(1));
    }

    @Test
    void timedOutSendIsDeliveredButNeverAnswered() throws Exception {
        configure("{\"faults\":{\"timeoutShare\":1,\"timeoutHold\":\"5s\"}}");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + "/v23.0/" + PHONE_NUMBER_ID + "/messages"))
                .header("Authorization", "Bearer " + SendRequests.TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(800))
                .POST(HttpRequest.BodyPublishers.ofString(templateBody("919800005551", "sandesh_demo", "en", 1)))
                .build();
        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        configure("{\"faults\":{\"timeoutShare\":0}}");
        given().get("/_simulator/audit").then()
                .body("accepted", equalTo(1))
                .body("faults.unanswered", equalTo(1));
        given().get("/_simulator/audit/recipients/919800005551").then().body("accepted", equalTo(1));
        // The sender's retry after the timeout is a second message to the same person.
        sendDemo("919800005551").statusCode(200);
        given().get("/_simulator/audit").then().body("recipients.duplicated", equalTo(1));
    }

    @Test
    void latencyIsInjectedIntoAnswers() {
        configure("{\"faults\":{\"latencyMedian\":\"300ms\"}}");
        long started = System.nanoTime();
        sendDemo("919800006661").statusCode(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(290);
        configure("{\"faults\":{\"latencyMedian\":0}}");
        started = System.nanoTime();
        sendDemo("919800006662").statusCode(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(290);
    }

    @Test
    void whitespaceIs132018AndAMissingMediaSourceIs131009() {
        String newline = templateBody("919800007771", "sandesh_demo", "en", 1).replace("\"p0\"", "\"two\\nlines\"");
        send(newline).statusCode(400).body("error.code", equalTo(132018))
                .body("error.message", equalTo("(#132018) There was an issue with the parameters in your template."))
                .body("error.error_data.details", startsWith("Param text cannot have new-line"));
        String noLink = diwali("919800007772", "{\"type\":\"image\",\"image\":{}}");
        send(noLink).statusCode(400).body("error.code", equalTo(131009));
    }

    @Test
    void parameterCountsAreCheckedPerComponent() {
        String image = "{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.example/banner.jpg\"}}";
        send(diwali("919800008881", image)).statusCode(200);
        send(diwali("919800008882", null)).statusCode(400).body("error.code", equalTo(132000))
                .body("error.error_data.details", startsWith("header:"));
        // An unknown component type is ignored, so this send lacks the coupon.
        send(diwali("919800008883", image).replace("{\"type\":\"button\",\"sub_type\":\"copy_code\"",
                        "{\"type\":\"unknown\",\"sub_type\":\"copy_code\""))
                .statusCode(400).body("error.code", equalTo(132000))
                .body("error.error_data.details", startsWith("button at index 1 (copy_code)"));
    }

    @Test
    void badRuntimeConfigChangesNothing() {
        given().contentType(ContentType.JSON)
                .body("{\"account\":\"blocked\",\"faults\":{\"serverErrorShare\":2}}").put("/_simulator/config")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/_simulator/config").then().body("account", equalTo("ok"))
                .body("faults.serverErrorShare", equalTo(0.0f));
    }

    /**
     * diwali_offer (NAMED): image header, body {{customer}} / {{offer}}, URL button suffix at index 0,
     * coupon at index 1 (the quick reply at index 2 needs no parameter).
     */
    static String diwali(String to, String headerParameterOrNull) {
        String header = headerParameterOrNull == null ? ""
                : "{\"type\":\"header\",\"parameters\":[" + headerParameterOrNull + "]},";
        return """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                 "template":{"name":"diwali_offer","language":{"code":"en","policy":"deterministic"},"components":[%s
                   {"type":"body","parameters":[{"type":"text","parameter_name":"customer","text":"Asha"},
                     {"type":"text","parameter_name":"offer","text":"20%% off"}]},
                   {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A1B2C3"}]},
                   {"type":"button","sub_type":"copy_code","index":1,"parameters":[{"type":"coupon_code","coupon_code":"DIWALI20"}]}]},
                 "biz_opaque_callback_data":"campaign-7"}""".formatted(to, header);
    }
}
