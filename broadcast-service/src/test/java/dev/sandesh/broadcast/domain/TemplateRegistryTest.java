package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRegistryTest {

    private final TemplateRegistry registry = new TemplateRegistry(Map.of(
            "sandesh_demo", new TemplateSpec("sandesh_demo", "en", TemplateCategory.MARKETING, 1),
            "order_update", new TemplateSpec("order_update", "hi", TemplateCategory.UTILITY, 2)));

    @Test
    void aKnownTemplateInItsLanguageAndCategoryHasNoProblem() {
        assertThat(registry.problems(" sandesh_demo ", "EN", "Marketing")).isEmpty();
        assertThat(registry.find("order_update")).map(TemplateSpec::bodyParameters).hasValue(2);
    }

    @Test
    void anUnknownTemplateIsReportedWithTheKnownOnes() {
        assertThat(registry.problems("diwali", "en", "marketing")).singleElement()
                .satisfies(p -> assertThat(p).containsExactly("template.name", "is not in the template registry (known: order_update, sandesh_demo)"));
        assertThat(registry.find(null)).isEmpty();
    }

    @Test
    void anotherLanguageOrCategoryThanTheApprovedOneIsReportedPerField() {
        assertThat(registry.problems("order_update", "en", "marketing"))
                .extracting(p -> p[0] + ": " + p[1])
                .containsExactly("template.language: template order_update is approved in hi",
                        "template.category: template order_update is a utility template");
    }

    @Test
    void theParameterCountMustMatchExactly() {
        TemplateSpec spec = registry.find("order_update").orElseThrow();

        assertThat(spec.parameterProblem(2)).isNull();
        assertThat(spec.parameterProblem(1)).isEqualTo("template order_update takes 2 body parameter(s), got 1");
        assertThat(spec.parameterProblem(3)).isNotNull();
        assertThatThrownBy(() -> new TemplateSpec("x", "en", TemplateCategory.UTILITY, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void categoriesAreReadAsMetaWritesThem() {
        assertThat(TemplateCategory.fromWire(" Authentication ")).hasValue(TemplateCategory.AUTHENTICATION);
        assertThat(TemplateCategory.fromWire("promotional")).isEmpty();
        assertThat(TemplateCategory.fromWire(null)).isEmpty();
        assertThat(TemplateCategory.UTILITY.wire()).isEqualTo("utility");
    }
}
