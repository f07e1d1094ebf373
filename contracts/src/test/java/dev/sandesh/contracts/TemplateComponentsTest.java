package dev.sandesh.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateComponentsTest {

    private static JsonNode json(String text) {
        try {
            return WireJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode DESSERT = json("""
            [{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/kulfi.jpg"}}]},
             {"type":"body","parameters":[
               {"type":"text","parameter_name":"customer","text":"{{customer}}"},
               {"type":"text","parameter_name":"offer","text":"Hi {{customer}}, {{ offer }} off"},
               {"type":"currency","currency":{"fallback_value":"₹{{1}}","code":"INR","amount_1000":1499000}}]},
             {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"{{order}}"}]},
             {"type":"button","sub_type":"copy_code","index":1,"parameters":[{"type":"coupon_code","coupon_code":"SAVE20"}]}]""");

    @Test
    void namedAndPositionalPlaceholdersResolveFromTheRecipientsValues() {
        var components = TemplateComponents.compile(DESSERT);

        var resolved = components.resolve(List.of("1,499"), Map.of("customer", "Asha", "offer", "20%", "order", "A-1042"));

        assertThat(resolved.at("/1/parameters/0/text").asText()).isEqualTo("Asha");
        assertThat(resolved.at("/1/parameters/1/text").asText()).isEqualTo("Hi Asha, 20% off");
        assertThat(resolved.at("/1/parameters/1/parameter_name").asText()).isEqualTo("offer");
        assertThat(resolved.at("/1/parameters/2/currency/fallback_value").asText()).isEqualTo("₹1,499");
        assertThat(resolved.at("/1/parameters/2/currency/amount_1000").asLong()).isEqualTo(1499000);
        assertThat(resolved.at("/2/parameters/0/text").asText()).isEqualTo("A-1042");
        assertThat(resolved.at("/3/index").isInt()).isTrue();
        assertThat(resolved.at("/3/parameters/0/coupon_code").asText()).isEqualTo("SAVE20");
        assertThat(components.variableNames()).containsExactly("customer", "offer", "order");
        assertThat(components.highestPosition()).isEqualTo(1);
    }

    @Test
    void eachRecipientGetsItsOwnValuesAndTheSourceIsLeftAlone() {
        var components = TemplateComponents.compile(DESSERT);

        var asha = components.resolve(List.of("1"), Map.of("customer", "Asha", "offer", "20%", "order", "A-1"));
        var ravi = components.resolve(List.of("2"), Map.of("customer", "Ravi", "offer", "10%", "order", "B-2"));

        assertThat(asha.at("/2/parameters/0/text").asText()).isEqualTo("A-1");
        assertThat(ravi.at("/2/parameters/0/text").asText()).isEqualTo("B-2");
        assertThat(DESSERT.at("/2/parameters/0/text").asText()).isEqualTo("{{order}}");
    }

    @Test
    void componentsWithoutPlaceholdersAreTheSameForEveryRecipient() {
        var constant = json("""
                [{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"STOP"}]}]""");
        var components = TemplateComponents.compile(constant);

        assertThat(components.isConstant()).isTrue();
        assertThat(components.resolve(List.of(), Map.of())).isSameAs(constant);
    }

    @Test
    void noComponentsResolveToAnEmptyArray() {
        var components = TemplateComponents.compile(null);

        assertThat(components.isEmpty()).isTrue();
        assertThat(components.resolve(List.of("x"), Map.of())).isEmpty();
    }

    @Test
    void aMissingVariableIsNamedWithItsPath() {
        var components = TemplateComponents.compile(DESSERT);

        assertThatThrownBy(() -> components.resolve(List.of("1"), Map.of("customer", "Asha", "offer", "20%")))
                .isInstanceOfSatisfying(TemplateComponents.UnresolvedPlaceholder.class, e -> {
                    assertThat(e.placeholder()).isEqualTo("{{order}}");
                    assertThat(e.path()).isEqualTo("components[2].parameters[0].text");
                })
                .hasMessage("no value for {{order}} at components[2].parameters[0].text");
    }

    @Test
    void aMissingPositionIsNamedWithItsPath() {
        var components = TemplateComponents.compile(json("""
                [{"type":"body","parameters":[{"type":"text","text":"{{1}}"},{"type":"text","text":"{{2}}"}]}]"""));

        assertThat(components.highestPosition()).isEqualTo(2);
        assertThatThrownBy(() -> components.resolve(List.of("Asha"), Map.of()))
                .isInstanceOfSatisfying(TemplateComponents.UnresolvedPlaceholder.class, e -> {
                    assertThat(e.placeholder()).isEqualTo("{{2}}");
                    assertThat(e.path()).isEqualTo("components[0].parameters[1].text");
                });
    }

    @Test
    void carouselCardsResolveInsideTheirNestedComponents() {
        var components = TemplateComponents.compile(json("""
                [{"type":"carousel","cards":[{"card_index":0,"components":[
                  {"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/{{sku}}.jpg"}}]},
                  {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"more-{{sku}}"}]}]}]}]"""));

        var resolved = components.resolve(List.of(), Map.of("sku", "K1"));

        assertThat(resolved.at("/0/cards/0/components/0/parameters/0/image/link").asText()).isEqualTo("https://cdn.example/K1.jpg");
        assertThat(resolved.at("/0/cards/0/components/1/parameters/0/payload").asText()).isEqualTo("more-K1");
        assertThat(resolved.at("/0/cards/0/card_index").asInt()).isZero();
    }

    @Test
    void textThatOnlyLooksLikeAPlaceholderStaysAsItIs() {
        var components = TemplateComponents.compile(json("""
                [{"type":"body","parameters":[{"type":"text","text":"{{ not a name }} and {single}"}]}]"""));

        assertThat(components.isConstant()).isTrue();
    }

    @Test
    void positionZeroAndNonArraysAreRefusedAtCompilation() {
        assertThatThrownBy(() -> TemplateComponents.compile(json("""
                [{"type":"body","parameters":[{"type":"text","text":"{{0}}"}]}]""")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("components[0].parameters[0].text");
        assertThatThrownBy(() -> TemplateComponents.compile(json("{\"type\":\"body\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
