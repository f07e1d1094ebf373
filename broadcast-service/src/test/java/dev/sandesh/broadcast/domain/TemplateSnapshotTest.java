package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateSnapshotTest {

    private static CatalogTemplate template(String name, String language) {
        return ConfiguredTemplates.template(name, language, TemplateCategory.MARKETING, 1);
    }

    @Test
    void languageIsComparedIgnoringCaseAndDashOrUnderscore() {
        TemplateSnapshot snapshot = TemplateSnapshot.of(List.of(template("diwali_offer", "en_US")), Instant.EPOCH);

        assertThat(snapshot.find("diwali_offer", "en-us")).isPresent();
        assertThat(snapshot.find("diwali_offer", "EN_us")).isPresent();
        assertThat(snapshot.find(" diwali_offer ", "en_US ")).isPresent();
        assertThat(snapshot.find("diwali_offer", "en")).isEmpty();
        assertThat(snapshot.find("diwali_offer", null)).isEmpty();
        assertThat(snapshot.find(null, "en_US")).isEmpty();
    }

    @Test
    void oneNameInTwoLanguagesIsTwoTemplates() {
        TemplateSnapshot snapshot = TemplateSnapshot.of(
                List.of(template("offer", "hi"), template("offer", "en_US"), template("alert", "en")), null);

        assertThat(snapshot.all()).extracting(CatalogTemplate::key)
                .containsExactly("alert/en", "offer/en_us", "offer/hi");
        assertThat(snapshot.find("offer", "hi").orElseThrow().language()).isEqualTo("hi");
    }

    @Test
    void aConfiguredTemplateLooksLikeAnApprovedPositionalOneFromMeta() {
        CatalogTemplate t = ConfiguredTemplates.template("sandesh_utility", "en", TemplateCategory.UTILITY, 2);

        assertThat(t.sendable()).isTrue();
        assertThat(t.parameterFormat()).isEqualTo(CatalogTemplate.ParameterFormat.POSITIONAL);
        assertThat(t.id()).isNull();
        assertThat(t.components().toString()).isEqualTo(
                "[{\"type\":\"BODY\",\"text\":\"{{1}} {{2}}\",\"example\":{\"body_text\":[[\"example 1\",\"example 2\"]]}}]");
        assertThat(ConfiguredTemplates.template("ping", "en", TemplateCategory.UTILITY, 0).components().toString())
                .isEqualTo("[{\"type\":\"BODY\",\"text\":\"ping\"}]");
        assertThatThrownBy(() -> ConfiguredTemplates.template("x", "en", TemplateCategory.UTILITY, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
