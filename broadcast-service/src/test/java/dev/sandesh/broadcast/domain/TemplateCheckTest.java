package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sandesh.broadcast.domain.TemplateFixtures.DESSERT_COMPONENTS;
import static dev.sandesh.broadcast.domain.TemplateFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

class TemplateCheckTest {

    private static TemplateCheck.Verdict check(String name, String language, TemplateCategory category, String components) {
        return TemplateCheck.campaign(TemplateFixtures.catalog(), name, language, category, components == null ? null : json(components));
    }

    private static CheckedTemplate accepted(String name, String language, String components) {
        var verdict = check(name, language, null, components);
        assertThat(verdict).isInstanceOf(TemplateCheck.Accepted.class);
        return ((TemplateCheck.Accepted) verdict).template();
    }

    private static List<TemplateCheck.Problem> refused(String name, String language, TemplateCategory category, String components) {
        var verdict = check(name, language, category, components);
        assertThat(verdict).isInstanceOf(TemplateCheck.Refused.class);
        return ((TemplateCheck.Refused) verdict).problems();
    }

    private static final Map<String, String> ASHA = Map.of("customer", "Asha", "offer", "20%", "order", "A-1042", "coupon", "KULFI20");

    @Test
    void aNamedImageHeaderUrlAndCopyCodeCampaignIsAcceptedAndEachRecipientChecked() {
        var template = accepted("dessert_offer", "en-us", DESSERT_COMPONENTS);

        assertThat(template.template().category()).isEqualTo(TemplateCategory.MARKETING);
        assertThat(template.effectiveComponents()).isEqualTo(json(DESSERT_COMPONENTS));
        assertThat(template.check(List.of(), ASHA)).isEmpty();
        assertThat(template.check(List.of(), Map.of("customer", "Asha", "offer", "20%", "order", "A-1042")))
                .hasValue(new CheckedTemplate.RecipientProblem(RejectionReason.MISSING_VARIABLE,
                        "template.components[3].parameters[0].coupon_code: no variable for {{coupon}}"));
    }

    @Test
    void recipientValuesMetaRefusesAreRejectedWithTheParameterNamed() {
        var template = accepted("dessert_offer", "en_US", DESSERT_COMPONENTS);

        assertThat(template.check(List.of(), with("coupon", "WAYTOOLONGCOUPON16"))).hasValueSatisfying(p -> {
            assertThat(p.reason()).isEqualTo(RejectionReason.INVALID_PARAMETER);
            assertThat(p.detail()).isEqualTo("template.components[3].parameters[0].coupon_code is 18 characters, more than 15 (coupon code)");
        });
        assertThat(template.check(List.of(), with("customer", "Asha\nKumar")).orElseThrow().detail())
                .contains("components[1].parameters[0].text").contains("newline or tab").contains("132018");
        assertThat(template.check(List.of(), with("customer", "Asha     K")).orElseThrow().detail()).contains("more than 4 consecutive spaces");
        assertThat(template.check(List.of(), with("offer", "")).orElseThrow().detail()).contains("must not be empty");
        assertThat(template.check(List.of(), with("offer", "a\0b")).orElseThrow().detail()).contains("NUL");
        assertThat(template.check(List.of(), with("offer", "x\uD800")).orElseThrow().detail()).contains("unpaired surrogate");
        assertThat(template.check(List.of(), with("order", "x".repeat(1990))).orElseThrow().detail())
                .isEqualTo("template.components[2].parameters[0].text makes the button URL 2013 characters, more than 2000");
        assertThat(template.check(List.of(), with("customer", "x".repeat(1025))).orElseThrow().detail()).contains("more than 1024");
    }

    private static Map<String, String> with(String name, String value) {
        var values = new java.util.HashMap<>(ASHA);
        values.put(name, value);
        return values;
    }

    @Test
    void campaignMistakesNameTheComponentAndParameter() {
        String noCouponWrongName = """
                [{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/k.jpg","id":"123"}}]},
                 {"type":"body","parameters":[{"type":"text","parameter_name":"customer","text":"{{customer}}"},
                                              {"type":"text","parameter_name":"discount","text":"20%"}]},
                 {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"x"}]},
                 {"type":"button","sub_type":"url","index":"4","parameters":[{"type":"text","text":"x"}]}]""";

        assertThat(refused("dessert_offer", "en_US", null, noCouponWrongName)).extracting(TemplateCheck.Problem::field).containsExactly(
                "template.components[0].parameters[0].image",
                "template.components[1].parameters[1].parameter_name",
                "template.components[1].parameters",
                "template.components[2].sub_type",
                "template.components[3].index",
                "template.components");
        assertThat(refused("dessert_offer", "en_US", null, noCouponWrongName)).contains(
                new TemplateCheck.Problem("template.components[0].parameters[0].image", "must have exactly one of link or id"),
                new TemplateCheck.Problem("template.components", "missing the button component for index 1 (COPY_CODE, sub_type copy_code)"));
    }

    @Test
    void constantValuesAreCheckedAtCampaignLevel() {
        String components = DESSERT_COMPONENTS.replace("{{coupon}}", "SIXTEEN_CHARS_XX").replace("{{order}}", "https://shop.example/o/{{order}}");

        assertThat(refused("dessert_offer", "en_US", null, components)).extracting(TemplateCheck.Problem::field)
                .containsExactly("template.components[2].parameters[0].text", "template.components[3].parameters[0].coupon_code");
    }

    @Test
    void theCatalogueDecidesExistenceStatusLanguageAndCategory() {
        assertThat(refused("no_such", "en", null, null)).containsExactly(new TemplateCheck.Problem("template.name", "no template no_such in the catalogue"));
        assertThat(refused("order_update", "hi", TemplateCategory.MARKETING, null)).extracting(TemplateCheck.Problem::field)
                .containsExactly("template.language", "template.category");
        assertThat(refused("paused_promo", "en", null, null)).containsExactly(
                new TemplateCheck.Problem("template.name", "template paused_promo in en is PAUSED, not APPROVED"));
        assertThat(refused("order_update", "en", TemplateCategory.MARKETING, null)).containsExactly(
                new TemplateCheck.Problem("template.category", "template order_update is a utility template"));
    }

    @Test
    void theShortFormDerivesPositionalComponentsAndCountsParameters() {
        var template = accepted("order_update", "en", null);

        assertThat(template.effectiveComponents()).isEqualTo(json("""
                [{"type":"header","parameters":[{"type":"text","text":"{{3}}"}]},
                 {"type":"body","parameters":[{"type":"text","text":"{{1}}"},{"type":"text","text":"{{2}}"}]}]"""));
        assertThat(template.check(List.of("A-1", "Monday", "A-1"), Map.of())).isEmpty();
        assertThat(template.check(List.of("A-1"), Map.of())).hasValue(new CheckedTemplate.RecipientProblem(
                RejectionReason.PARAMETER_COUNT, "template order_update takes 3 body parameter(s), got 1"));
    }

    @Test
    void theShortFormDerivesNamedVariablesAndRefusesWhatCannotBeDerived() {
        var problems = refused("dessert_offer", "en_US", null, null);

        assertThat(problems).extracting(TemplateCheck.Problem::reason).anySatisfy(r -> assertThat(r)
                .startsWith("missing the header component: template dessert_offer has a IMAGE header"));
        assertThat(problems).extracting(TemplateCheck.Problem::reason).anySatisfy(r -> assertThat(r)
                .startsWith("missing the button component for index 1 (COPY_CODE"));
    }

    @Test
    void anOtpTemplateSendsTheCodeInTheBodyAndTheButton() {
        var template = accepted("login_code", "en_US", null);

        assertThat(template.effectiveComponents()).isEqualTo(json("""
                [{"type":"body","parameters":[{"type":"text","text":"{{1}}"}]},
                 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"{{1}}"}]}]"""));
        assertThat(template.check(List.of("482913"), Map.of())).isEmpty();
        assertThat(template.check(List.of("4829134829134829"), Map.of()).orElseThrow().detail()).contains("more than 15 (one-time code)");
        assertThat(refused("login_code", "en_US", null, """
                [{"type":"body","parameters":[{"type":"text","text":"{{1}}"}]},
                 {"type":"button","sub_type":"copy_code","index":"0","parameters":[{"type":"coupon_code","coupon_code":"{{1}}"}]}]"""))
                .containsExactly(new TemplateCheck.Problem("template.components[1].sub_type", "must be url: button 0 of template login_code is an OTP button"));
    }

    @Test
    void carouselCardsAreCheckedAgainstTheirOwnDefinitions() {
        String card = """
                {"card_index":%d,"components":[{"type":"header","parameters":[{"type":"image","image":{"link":"%s"}}]},
                  {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"more-%d"}]}]}""";
        String good = "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"{{1}}\"}]},{\"type\":\"carousel\",\"cards\":["
                + card.formatted(0, "https://cdn.example/{{sku}}.jpg", 0) + "," + card.formatted(1, "https://cdn.example/f.jpg", 1) + "]}]";

        var template = accepted("summer_cards", "en", good);
        assertThat(template.check(List.of("June"), Map.of("sku", "K1"))).isEmpty();

        String oneCardBadLink = "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"June\"}]},{\"type\":\"carousel\",\"cards\":["
                + card.formatted(0, "ftp://cdn.example/k.jpg", 0) + "," + card.formatted(0, "https://cdn.example/f.jpg", 1) + "]}]";
        assertThat(refused("summer_cards", "en", null, oneCardBadLink)).extracting(TemplateCheck.Problem::field).containsExactly(
                "template.components[1].cards[0].components[0].parameters[0].image.link",
                "template.components[1].cards[1].card_index");
    }

    @Test
    void aLimitedTimeOfferNeedsItsExpirationInMilliseconds() {
        String components = """
                [{"type":"limited_time_offer","parameters":[{"type":"limited_time_offer","limited_time_offer":{"expiration_time_ms":%d}}]},
                 {"type":"body","parameters":[{"type":"text","parameter_name":"customer","text":"{{customer}}"}]},
                 {"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"FLASH"}]},
                 {"type":"button","sub_type":"url","index":1,"parameters":[{"type":"text","text":"{{order}}"}]}]""";

        assertThat(accepted("flash_sale", "en", components.formatted(1798761599000L)).check(List.of(), Map.of("customer", "Asha", "order", "x")))
                .isEmpty();
        assertThat(refused("flash_sale", "en", null, components.formatted(1798761599L))).containsExactly(new TemplateCheck.Problem(
                "template.components[0].parameters[0].limited_time_offer.expiration_time_ms", "must be in milliseconds: 1798761599 looks like seconds"));
    }

    @Test
    void aPositionalTemplateRefusesParameterNamesAndWrongCounts() {
        assertThat(refused("order_update", "en", null, """
                [{"type":"header","parameters":[{"type":"text","text":"{{1}}"}]},
                 {"type":"body","parameters":[{"type":"text","parameter_name":"order","text":"{{1}}"}]}]"""))
                .extracting(TemplateCheck.Problem::field)
                .containsExactly("template.components[1].parameters[0].parameter_name", "template.components[1].parameters");
    }
}
