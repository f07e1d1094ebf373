package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.ConfiguredTemplates;
import dev.sandesh.broadcast.persistence.TemplateCatalogStore;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.TemplateCategory;
import dev.sandesh.broadcast.fake.FakeGraphTemplates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.sandesh.broadcast.fake.FakeGraphTemplates.template;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The catalogue read from Meta's {@code message_templates} (here the test app's own fake Graph
 * endpoint, {@code fake.FakeGraphTemplatesResource}), stored in the real PostgreSQL.
 */
@QuarkusTest
@TestProfile(TemplateCatalogTest.WithWaba.class)
class TemplateCatalogTest {

    static final String WABA = "test-waba-catalogue";

    /** A WABA id, the fake on a fixed test port (Meta's paging.next is absolute), two templates a page. */
    public static class WithWaba implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "18089",
                    "sandesh.cloud-api.base-url", "http://localhost:18089",
                    "sandesh.cloud-api.waba-id", WABA,
                    "sandesh.cloud-api.templates-page-size", "2",
                    "sandesh.cloud-api.templates-max-pages", "5",
                    "sandesh.cloud-api.timeout-ms", "1000");
        }
    }

    @Inject
    FakeGraphTemplates meta;

    @Inject
    TemplateCatalog catalog;

    private static final String KEY = "Bearer sandesh-dev-key";

    private static List<com.fasterxml.jackson.databind.node.ObjectNode> fiveTemplates() {
        return FakeGraphTemplates.list(
                template("101", "diwali_offer", "en_US", "APPROVED", "MARKETING", "NAMED"),
                template("102", "diwali_offer", "hi", "APPROVED", "MARKETING", "NAMED"),
                template("103", "order_update", "en", "APPROVED", "UTILITY", null),
                template("104", "login_code", "pt_BR", "APPROVED", "AUTHENTICATION", "POSITIONAL"),
                template("105", "winter_sale", "en_GB", "PAUSED", "MARKETING", "POSITIONAL"));
    }

    private void refreshed() {
        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(200);
    }

    @Test
    void everyPageIsReadAndATemplateOnTheLastPageIsFound() {
        meta.serve(fiveTemplates());

        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(200)
                .body("source", equalTo("meta"))
                .body("wabaId", equalTo(WABA))
                .body("syncedAt", notNullValue())
                .body("templates.size()", equalTo(5))
                .body("templates[0].name", equalTo("diwali_offer"))
                .body("templates[0].language", equalTo("en_US"))
                .body("templates[0].category", equalTo("marketing"))
                .body("templates[0].parameterFormat", equalTo("NAMED"))
                .body("templates[0].id", equalTo("101"))
                .body("templates[0].components[0].type", equalTo("BODY"));

        assertThat(meta.requests()).hasSize(3);
        assertThat(meta.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer sim-access-token"));
        assertThat(meta.requests().getFirst().query())
                .isEqualTo("fields=id,name,language,status,category,parameter_format,components&limit=2");
        CatalogTemplate onPage3 = catalog.find("winter_sale", "EN-gb").orElseThrow();
        assertThat(onPage3.id()).isEqualTo("105");
        assertThat(onPage3.sendable()).isFalse();
        assertThat(catalog.find("login_code", "pt-br").orElseThrow().category()).isEqualTo(TemplateCategory.AUTHENTICATION);
        assertThat(catalog.find("order_update", "en").orElseThrow().parameterFormat()).isEqualTo(CatalogTemplate.ParameterFormat.POSITIONAL);
        assertThat(catalog.find("diwali_offer", "HI").orElseThrow().id()).isEqualTo("102");
        assertThat(catalog.find("diwali_offer", "en")).isEmpty();
        assertThat(catalog.find("sandesh_demo", "en")).as("configured templates are not the catalogue when a WABA is set").isEmpty();
    }

    @Test
    void aRefreshReplacesTheSetSoATemplateDeletedAtMetaDisappears() {
        meta.serve(fiveTemplates());
        refreshed();
        assertThat(catalog.find("order_update", "en")).isPresent();

        List<com.fasterxml.jackson.databind.node.ObjectNode> later = fiveTemplates();
        later.remove(2);
        later.set(0, template("101", "diwali_offer", "en_US", "PAUSED", "UTILITY", "NAMED"));
        meta.serve(later);
        refreshed();

        assertThat(catalog.find("order_update", "en")).isEmpty();
        CatalogTemplate changed = catalog.find("diwali_offer", "en_us").orElseThrow();
        assertThat(changed.status()).isEqualTo("PAUSED");
        assertThat(changed.category()).isEqualTo(TemplateCategory.UTILITY);
        given().header("Authorization", KEY).get("/v1/templates").then().statusCode(200)
                .body("templates.size()", equalTo(4))
                .body("templates.find { it.name == 'order_update' }", equalTo(null));
    }

    @Inject
    LiveTemplateCatalog live;

    @Test
    void aCampaignNamingATemplateMetaApprovedSinceTheLastRefreshReadsTheCatalogueAgainButNotOverAndOver() {
        List<com.fasterxml.jackson.databind.node.ObjectNode> before = fiveTemplates();
        before.remove(2);
        meta.serve(before);
        refreshed();
        assertThat(catalog.find("order_update", "en")).isEmpty();

        meta.serve(fiveTemplates()); // approved at Meta meanwhile
        int requests = meta.requests().size();
        live.refreshIfUnknown("order_update", "en").await().atMost(Duration.ofSeconds(10));
        assertThat(catalog.find("order_update", "en")).isPresent();
        assertThat(meta.requests().size()).isGreaterThan(requests);

        int afterMiss = meta.requests().size();
        live.refreshIfUnknown("no_such_template", "en").await().atMost(Duration.ofSeconds(10));
        live.refreshIfUnknown("order_update", "en").await().atMost(Duration.ofSeconds(10));
        assertThat(meta.requests()).as("no Graph call within %s of the last one a miss made", LiveTemplateCatalog.MISS_REFRESH_SPACING)
                .hasSize(afterMiss);
    }

    @Test
    void aTemplateWithACategorySandeshCannotPriceIsLeftOut() {
        List<com.fasterxml.jackson.databind.node.ObjectNode> templates = fiveTemplates();
        templates.add(template("106", "legacy", "en", "APPROVED", "TRANSACTIONAL", null));
        meta.serve(templates);
        refreshed();

        assertThat(catalog.all()).hasSize(5);
        assertThat(catalog.find("legacy", "en")).isEmpty();
    }

    @Test
    void metaFailingKeepsTheOldCatalogueAndSaysWhy() {
        meta.serve(fiveTemplates());
        refreshed();

        meta.fail(new FakeGraphTemplates.Failure(500,
                "{\"error\":{\"message\":\"An unknown error has occurred.\",\"type\":\"OAuthException\",\"code\":1}}", 0));
        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(502)
                .contentType("application/problem+json")
                .body("status", equalTo(502))
                .body("detail", containsString("Meta answered 500: An unknown error has occurred. (code 1)"))
                .body("detail", containsString("the catalogue in use is unchanged"));
        assertThat(catalog.all()).hasSize(5);

        // A failure on page 2 stores nothing of page 1: the set is read whole or not at all.
        meta.serve(FakeGraphTemplates.list(template("201", "only_new", "en", "APPROVED", "UTILITY", null),
                template("202", "only_new_2", "en", "APPROVED", "UTILITY", null),
                template("203", "only_new_3", "en", "APPROVED", "UTILITY", null)));
        meta.fail(new FakeGraphTemplates.Failure(500, "oops", 1));
        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(502)
                .body("detail", containsString("Meta answered 500"));
        assertThat(catalog.find("only_new", "en")).isEmpty();
        assertThat(catalog.find("winter_sale", "en_GB")).isPresent();
        given().header("Authorization", KEY).get("/v1/templates").then().statusCode(200).body("templates.size()", equalTo(5));
    }

    @Test
    void aRejectedTokenIsA502NamingMetasError() {
        meta.serve(fiveTemplates());
        refreshed();
                meta.fail(new FakeGraphTemplates.Failure(401,
                "{\"error\":{\"message\":\"Error validating access token: Session has expired\",\"type\":\"OAuthException\",\"code\":190}}", 0));

        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(502)
                .contentType("application/problem+json")
                .body("detail", containsString("Meta answered 401: Error validating access token: Session has expired (code 190)"))
                .body("detail", org.hamcrest.Matchers.not(containsString("sim-access-token")));
        assertThat(catalog.all()).hasSize(5);
    }

    @Test
    void metaNotAnsweringInTimeIsA503() {
        meta.serve(fiveTemplates());
        refreshed();
        meta.delay(Duration.ofMillis(2500));

        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("Meta did not answer at http://localhost:18089"));
        assertThat(catalog.all()).hasSize(5);
    }

    @Test
    void aNextPageElsewhereThanTheBaseUrlIsNotFollowed() {
        meta.serve(fiveTemplates());
        meta.nextPointsTo("http://127.0.0.2:18089/v23.0/" + WABA + "/message_templates?after=2");

        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(502)
                .body("detail", containsString("paging.next points to http://127.0.0.2:18089, not under sandesh.cloud-api.base-url"));
        assertThat(meta.requests()).hasSize(1);
    }

    @Test
    void moreThanMaxPagesIsALoopAndRefused() {
        meta.serve(IntStream.range(0, 11).mapToObj(i -> template("3" + i, "t" + i, "en", "APPROVED", "UTILITY", null)).toList());

        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(502)
                .body("detail", containsString("more than 5 pages"));
        assertThat(meta.requests()).hasSize(5);
    }

    @Inject
    TemplateCatalogStore store;

    @Test
    void aSetAnotherReplicaStoredIsServedEvenWhenMetaFailsHere() {
        meta.serve(fiveTemplates());
        refreshed();
        store.replace(WABA, List.of(ConfiguredTemplates.template("from_other_replica", "en_US", TemplateCategory.UTILITY, 1)),
                Instant.parse("2026-11-01T10:00:00Z")).await().indefinitely();
        meta.fail(new FakeGraphTemplates.Failure(503, "{}", 0));

        given().header("Authorization", KEY).post("/v1/templates/refresh").then().statusCode(502);

        assertThat(catalog.all()).extracting(CatalogTemplate::name).containsExactly("from_other_replica");
        given().header("Authorization", KEY).get("/v1/templates").then().statusCode(200)
                .body("syncedAt", equalTo("2026-11-01T10:00:00Z"))
                .body("templates[0].language", equalTo("en_US"))
                .body("templates[0].components[0].text", equalTo("{{1}}"));
    }

    @Test
    void theCatalogueNeedsAnApiKey() {
        given().get("/v1/templates").then().statusCode(401).contentType("application/problem+json");
        given().post("/v1/templates/refresh").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/v1/templates").then().statusCode(401);
    }
}
