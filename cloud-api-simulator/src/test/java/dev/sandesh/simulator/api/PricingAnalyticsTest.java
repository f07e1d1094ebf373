package dev.sandesh.simulator.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * pricing_analytics (CLOUD-API-MORE §6.5) serves what the simulator delivered: one charged message
 * per delivery, none for undeliverable numbers (the %test rule: numbers ending 0000), DAILY by
 * country × category × pricing type with Meta's Indian price; the drift knob makes it disagree.
 */
@QuarkusTest
class PricingAnalyticsTest {

    private static final String WABA = "102290129340398";

    @BeforeEach
    void statusesFlow() {
        // statuses (and so charges) exist only while webhooks go somewhere: the test receiver
        SendRequests.configure("{\"webhookUrl\":\"http://localhost:" + RestAssured.port + "/test-webhooks\"}");
    }

    @AfterEach
    void noDrift() {
        SendRequests.configure("{\"webhookUrl\":null}");
        given().contentType(ContentType.JSON).body("{\"volumeDrift\":0}").put("/_simulator/pricing-analytics").then().statusCode(200);
    }

    private static JsonPath today() {
        long start = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return given().queryParam("fields", "pricing_analytics.start(" + start + ").end(" + (start + 86_400)
                        + ").granularity(DAILY).dimensions([\"COUNTRY\",\"PRICING_CATEGORY\",\"PRICING_TYPE\"])")
                .get("/v23.0/{waba}", WABA).then().statusCode(200).extract().jsonPath();
    }

    private static long indianVolume(JsonPath answer) {
        return volume(answer, "IN");
    }

    /** Other tests' messages to India may still be delivering: this one counts Egyptian numbers (+20), which only it sends to. */
    private static long volume(JsonPath answer, String country) {
        List<Map<String, Object>> points = answer.getList("pricing_analytics.data[0].data_points");
        return points.stream().filter(p -> p.get("country").equals(country)).mapToLong(p -> ((Number) p.get("volume")).longValue()).sum();
    }

    @Test
    void deliveredMessagesAreChargedOnceAndUndeliverableOnesNot() throws InterruptedException {
        long before = volume(today(), "EG");
        SendRequests.sendDemo("201012340001").statusCode(200);
        SendRequests.sendDemo("201012340002").statusCode(200);
        SendRequests.sendDemo("201012340000").statusCode(200); // undeliverable: sent, then failed 131026
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (volume(today(), "EG") < before + 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(500); // the failed one's statuses have come too by now
        JsonPath answer = today();
        assertThat(volume(answer, "EG")).isEqualTo(before + 2);
        assertThat(answer.getString("id")).isEqualTo(WABA);
        Map<String, Object> point = answer.<Map<String, Object>>getList("pricing_analytics.data[0].data_points").stream()
                .filter(p -> p.get("country").equals("EG")).findFirst().orElseThrow();
        assertThat(point).containsEntry("pricing_type", "REGULAR").doesNotContainKey("cost"); // no sourced Egyptian price
        assertThat(((Number) point.get("end")).longValue() - ((Number) point.get("start")).longValue()).isEqualTo(86_400);
    }

    @Test
    void theDriftKnobMakesTheReportDisagree() {
        SendRequests.sendDemo("919812340003").statusCode(200); // Indian: priced
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (indianVolume(today()) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long honest = indianVolume(today());
        given().contentType(ContentType.JSON).body("{\"volumeDrift\":1.0}").put("/_simulator/pricing-analytics").then().statusCode(200);
        assertThat(indianVolume(today())).isGreaterThanOrEqualTo(honest * 2 - 2).isGreaterThan(honest);
    }

    @Test
    void otherGranularitiesAndObjectsAreRefusedLikeMetaDoes() {
        given().queryParam("fields", "pricing_analytics.start(0).end(86400).granularity(MONTHLY)").get("/v23.0/{waba}", WABA)
                .then().statusCode(400);
        given().queryParam("fields", "pricing_analytics.start(0).end(86400)").get("/v23.0/{waba}", "999")
                .then().statusCode(400);
    }
}
