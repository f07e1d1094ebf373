package dev.sandesh.broadcast.api;

import dev.sandesh.broadcast.domain.CatalogTemplate;
import dev.sandesh.broadcast.domain.TemplateCatalog;
import dev.sandesh.broadcast.domain.TemplateCategory;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Without {@code sandesh.cloud-api.waba-id} the configured templates are the catalogue. */
@QuarkusTest
class ConfiguredTemplateCatalogTest {

    @Inject
    TemplateCatalog catalog;

    @Test
    void theConfiguredTemplatesAreTheCatalogue() {
        CatalogTemplate demo = catalog.find("sandesh_demo", "EN").orElseThrow();
        assertThat(demo.category()).isEqualTo(TemplateCategory.MARKETING);
        assertThat(demo.sendable()).isTrue();
        assertThat(catalog.find("sandesh_utility", "en").orElseThrow().components().get(0).path("text").asText())
                .isEqualTo("{{1}} {{2}}");

        given().header("Authorization", "Bearer sandesh-dev-key").get("/v1/templates").then().statusCode(200)
                .body("source", equalTo("configuration"))
                .body("wabaId", nullValue())
                .body("templates.find { it.name == 'sandesh_demo' }.category", equalTo("marketing"))
                .body("templates.find { it.name == 'sandesh_demo' }.status", equalTo("APPROVED"));
        given().header("Authorization", "Bearer sandesh-dev-key").post("/v1/templates/refresh").then().statusCode(200)
                .body("source", equalTo("configuration"));
    }
}
