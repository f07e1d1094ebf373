package dev.sandesh.simulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A send checked against its template the way Meta does (CLOUD-API-MORE §1). */
class TemplateSlotsTest {

    private static final TemplateComponent.Header IMAGE =
            new TemplateComponent.Header(TemplateComponent.HeaderFormat.IMAGE, null, List.of(), "https://x/h.jpg");

    /** diwali_offer: image header, named body, footer, URL (dynamic) + coupon + quick reply. */
    private static final MessageTemplate DIWALI = new MessageTemplate("11", "diwali_offer", "en",
            TemplateStatus.APPROVED, TemplateCategory.MARKETING, ParameterFormat.NAMED, List.of(IMAGE,
            new TemplateComponent.Body("Hi {{customer}}, {{offer}} on all sweets!", List.of(), false),
            new TemplateComponent.Footer("Mithai House", null),
            new TemplateComponent.Buttons(List.of(
                    new TemplateButton.Url("Order now", "https://shop.example/o/{{1}}", null),
                    new TemplateButton.CopyCode("Copy offer code", "DIWALI20"),
                    new TemplateButton.QuickReply("Stop promotions")))), null);

    private static SentComponent header(String type, String value) {
        return SentComponent.header(new SentParameter(type, null, value, "link", null));
    }

    private static List<SentComponent> diwali(SentComponent... overrides) {
        List<SentComponent> list = new ArrayList<>(List.of(header("image", "https://cdn.example/b.jpg"),
                SentComponent.body(SentParameter.named("offer", "20% off"), SentParameter.named("customer", "Asha")),
                SentComponent.button("url", 0, SentParameter.text("A1B2")),
                SentComponent.button("COPY_CODE", 1, new SentParameter("coupon_code", null, "DIWALI20", null, null))));
        for (SentComponent o : overrides) {
            list.removeIf(c -> c.type().equals(o.type()) && (o.index() == null || o.index().equals(c.index())));
            list.add(o);
        }
        return list;
    }

    private static CloudApiError check(MessageTemplate template, List<SentComponent> sent) {
        return TemplateSlots.compile(template).check(sent, new ArrayList<>());
    }

    @Test
    void namedTemplateTakesNamedParametersInAnyOrderAndRecordsEveryValue() {
        List<SentValue> values = new ArrayList<>();
        assertThat(TemplateSlots.compile(DIWALI).check(diwali(), values)).isNull();
        assertThat(values).containsExactly(
                new SentValue("header", null, null, null, null, "image", "https://cdn.example/b.jpg"),
                new SentValue("body", null, null, null, "offer", "text", "20% off"),
                new SentValue("body", null, null, null, "customer", "text", "Asha"),
                new SentValue("button", null, 0, "url", null, "text", "A1B2"),
                new SentValue("button", null, 1, "copy_code", null, "coupon_code", "DIWALI20"));
    }

    @Test
    void quickReplyPayloadIsOptionalButCheckedWhenGiven() {
        assertThat(check(DIWALI, diwali(SentComponent.button("quick_reply", 2,
                new SentParameter("payload", null, "STOP_PROMO", null, null))))).isNull();
        CloudApiError tooLong = check(DIWALI, diwali(SentComponent.button("quick_reply", 2,
                new SentParameter("payload", null, "x".repeat(257), null, null))));
        assertThat(tooLong.code()).isEqualTo(131009);
    }

    @Test
    void countMismatchNamesTheComponent() {
        CloudApiError body = check(DIWALI, diwali(SentComponent.body(SentParameter.named("customer", "Asha"))));
        assertThat(body.code()).isEqualTo(132000);
        assertThat(body.details()).isEqualTo("body: number of localizable_params (1) does not match the expected number of params (2)");
        List<SentComponent> noHeader = diwali();
        noHeader.removeIf(c -> c.type().equals("header"));
        assertThat(check(DIWALI, noHeader).details()).startsWith("header:");
        List<SentComponent> noCoupon = diwali();
        noCoupon.removeIf(c -> "1".equals(c.index()));
        CloudApiError coupon = check(DIWALI, noCoupon);
        assertThat(coupon.code()).isEqualTo(132000);
        assertThat(coupon.details()).startsWith("button at index 1 (copy_code)");
    }

    @Test
    void namedTemplateNeedsKnownParameterNames() {
        CloudApiError missing = check(DIWALI, diwali(SentComponent.body(SentParameter.text("Asha"),
                SentParameter.text("20% off"))));
        assertThat(missing.code()).isEqualTo(100);
        assertThat(missing.details()).contains("parameter_name is required");
        CloudApiError unknown = check(DIWALI, diwali(SentComponent.body(SentParameter.named("customer", "Asha"),
                SentParameter.named("discount", "20%"))));
        assertThat(unknown.code()).isEqualTo(100);
        CloudApiError twice = check(DIWALI, diwali(SentComponent.body(SentParameter.named("customer", "Asha"),
                SentParameter.named("customer", "Ravi"))));
        assertThat(twice.code()).isEqualTo(100);
    }

    @Test
    void formatMismatchIs132012() {
        assertThat(check(DIWALI, diwali(header("text", "Asha"))).code()).isEqualTo(132012);
        assertThat(check(DIWALI, diwali(header("video", "https://x/v.mp4"))).code()).isEqualTo(132012);
        assertThat(check(DIWALI, diwali(SentComponent.button("quick_reply", 0, SentParameter.text("x")))).code())
                .as("sub_type of the button at index 0 is url").isEqualTo(132012);
        assertThat(check(DIWALI, diwali(SentComponent.button("copy_code", 1, SentParameter.text("DIWALI20")))).code())
                .as("a coupon is coupon_code, not text").isEqualTo(132012);
        MessageTemplate positional = MessageTemplate.ofCounts("12", "p", "en", TemplateCategory.UTILITY, 0, 1, 0,
                TemplateStatus.APPROVED);
        assertThat(check(positional, List.of(SentComponent.body(SentParameter.named("name", "Asha")))).code())
                .as("named parameters to a POSITIONAL template").isEqualTo(132012);
        assertThat(check(positional, List.of(SentComponent.body(new SentParameter("image", null, "https://x",
                "link", null)))).code()).isEqualTo(132012);
    }

    @Test
    void valuesOutOfRangeAre131009() {
        assertThat(check(DIWALI, diwali(SentComponent.button("url", 5, SentParameter.text("x")))).details())
                .contains("index 5 is out of range");
        assertThat(check(DIWALI, diwali(SentComponent.button("copy_code", 1,
                new SentParameter("coupon_code", null, "SIXTEEN_CHARS_XX", null, null)))).code()).isEqualTo(131009);
        String longSuffix = "x".repeat(2000 - "https://shop.example/o/".length() + 1);
        CloudApiError url = check(DIWALI, diwali(SentComponent.button("url", 0, SentParameter.text(longSuffix))));
        assertThat(url.code()).isEqualTo(131009);
        assertThat(check(DIWALI, diwali(SentComponent.button("url", 0,
                SentParameter.text(longSuffix.substring(1)))))).isNull();
        CloudApiError body = check(DIWALI, diwali(SentComponent.body(SentParameter.named("customer", "x".repeat(1025)),
                SentParameter.named("offer", "y"))));
        assertThat(body.code()).isEqualTo(131009);
    }

    @Test
    void bodyOnlyTemplateTakesLongParametersAndHeaderTextIsLimitedTo60() {
        MessageTemplate bodyOnly = MessageTemplate.ofCounts("13", "b", "en", TemplateCategory.MARKETING, 0, 1, 0,
                TemplateStatus.APPROVED);
        assertThat(check(bodyOnly, List.of(SentComponent.body(SentParameter.text("x".repeat(32768)))))).isNull();
        assertThat(check(bodyOnly, List.of(SentComponent.body(SentParameter.text("x".repeat(32769))))).code())
                .isEqualTo(131009);
        MessageTemplate withHeader = MessageTemplate.ofCounts("14", "h", "en", TemplateCategory.UTILITY, 1, 0, 0,
                TemplateStatus.APPROVED);
        assertThat(check(withHeader, List.of(SentComponent.header(SentParameter.text("x".repeat(60)))))).isNull();
        assertThat(check(withHeader, List.of(SentComponent.header(SentParameter.text("x".repeat(61))))).code())
                .isEqualTo(131009);
    }

    @Test
    void otpCodeGoesInBodyAndInTheUrlButton() {
        MessageTemplate otp = new MessageTemplate("15", "login_otp", "en", TemplateStatus.APPROVED,
                TemplateCategory.AUTHENTICATION, ParameterFormat.POSITIONAL, List.of(
                new TemplateComponent.Body("*{{1}}* is your verification code.", List.of(), true),
                new TemplateComponent.Footer(null, 10),
                new TemplateComponent.Buttons(List.of(new TemplateButton.Otp("COPY_CODE", "Copy code", null, null,
                        null)))), null);
        assertThat(check(otp, List.of(SentComponent.body(SentParameter.text("482913")),
                SentComponent.button("url", 0, SentParameter.text("482913"))))).isNull();
        assertThat(check(otp, List.of(SentComponent.body(SentParameter.text("482913")))).code()).isEqualTo(132000);
        assertThat(check(otp, List.of(SentComponent.body(SentParameter.text("482913")),
                SentComponent.button("url", 0, SentParameter.text("1234567890123456")))).code()).isEqualTo(131009);
    }

    @Test
    void carouselCardsAreCheckedLikeTemplatesOfTheirOwn() {
        TemplateComponent.Card card = new TemplateComponent.Card(List.of(IMAGE,
                new TemplateComponent.Body("{{1}} a box", List.of(), false),
                new TemplateComponent.Buttons(List.of(new TemplateButton.QuickReply("Add"),
                        new TemplateButton.Url("Buy", "https://shop.example/p/{{1}}", null)))));
        MessageTemplate carousel = new MessageTemplate("16", "festive_carousel", "en", TemplateStatus.APPROVED,
                TemplateCategory.MARKETING, ParameterFormat.POSITIONAL, List.of(
                new TemplateComponent.Body("Pick, {{1}}!", List.of(), false),
                new TemplateComponent.Carousel(List.of(card, card))), null);
        List<SentValue> values = new ArrayList<>();
        List<SentComponent> sent = List.of(SentComponent.body(SentParameter.text("Asha")),
                new SentComponent("carousel", null, null, List.of(), List.of(cardSent("1", "₹399"), cardSent("0", "₹499"))));
        assertThat(TemplateSlots.compile(carousel).check(sent, values)).isNull();
        assertThat(values).contains(new SentValue("body", 0, null, null, "1", "text", "₹499"),
                new SentValue("button", 1, 1, "url", null, "text", "kaju"));
        CloudApiError oneCard = check(carousel, List.of(SentComponent.body(SentParameter.text("Asha")),
                new SentComponent("carousel", null, null, List.of(), List.of(cardSent("0", "₹1")))));
        assertThat(oneCard.code()).isEqualTo(132000);
        assertThat(oneCard.details()).startsWith("carousel");
        CloudApiError repeated = check(carousel, List.of(SentComponent.body(SentParameter.text("Asha")),
                new SentComponent("carousel", null, null, List.of(), List.of(cardSent("0", "₹1"), cardSent("0", "₹2")))));
        assertThat(repeated.code()).isEqualTo(131009);
        CloudApiError cardBody = check(carousel, List.of(SentComponent.body(SentParameter.text("Asha")),
                new SentComponent("carousel", null, null, List.of(), List.of(cardSent("0", "₹1"),
                        new SentComponent.Card("1", List.of(header("image", "https://x/i.jpg"),
                                SentComponent.button("url", 1, SentParameter.text("kaju"))))))));
        assertThat(cardBody.details()).startsWith("card 1 body");
    }

    private static SentComponent.Card cardSent(String index, String price) {
        return new SentComponent.Card(index, List.of(header("image", "https://x/" + index + ".jpg"),
                SentComponent.body(SentParameter.text(price)),
                SentComponent.button("url", 1, SentParameter.text("kaju"))));
    }

    @Test
    void limitedTimeOfferNeedsItsExpiration() {
        MessageTemplate lto = new MessageTemplate("17", "flash_sale_lto", "en", TemplateStatus.APPROVED,
                TemplateCategory.MARKETING, ParameterFormat.POSITIONAL, List.of(
                new TemplateComponent.LimitedTimeOffer("Ends tonight!", true),
                new TemplateComponent.Body("{{1}} off", List.of(), false)), null);
        SentComponent offer = new SentComponent("limited_time_offer", null, null, List.of(
                new SentParameter("limited_time_offer", null, "1798761599000", null, null)), List.of());
        assertThat(check(lto, List.of(offer, SentComponent.body(SentParameter.text("30%"))))).isNull();
        assertThat(check(lto, List.of(SentComponent.body(SentParameter.text("30%")))).details())
                .startsWith("limited_time_offer");
        assertThat(check(DIWALI, diwali(offer)).code()).as("no offer in this template").isEqualTo(132000);
    }

    @Test
    void registryPagesInNameOrderWithCursors() {
        List<MessageTemplate> many = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            many.add(MessageTemplate.ofCounts(String.valueOf(100 + i), "t" + i, "en",
                    i % 2 == 0 ? TemplateCategory.MARKETING : TemplateCategory.UTILITY, 0, 1, 0, TemplateStatus.APPROVED));
        }
        TemplateRegistry registry = new TemplateRegistry(many);
        TemplateRegistry.Page first = registry.page(TemplateRegistry.Query.ALL, 3, null, null);
        assertThat(first.data()).extracting(MessageTemplate::name).containsExactly("t0", "t1", "t2");
        assertThat(first.hasNext()).isTrue();
        assertThat(first.hasPrevious()).isFalse();
        TemplateRegistry.Page second = registry.page(TemplateRegistry.Query.ALL, 3, first.after(), null);
        assertThat(second.data()).extracting(MessageTemplate::name).containsExactly("t3", "t4", "t5");
        assertThat(second.hasPrevious()).isTrue();
        TemplateRegistry.Page last = registry.page(TemplateRegistry.Query.ALL, 3, second.after(), null);
        assertThat(last.data()).extracting(MessageTemplate::name).containsExactly("t6");
        assertThat(last.hasNext()).isFalse();
        TemplateRegistry.Page back = registry.page(TemplateRegistry.Query.ALL, 3, null, last.before());
        assertThat(back.data()).extracting(MessageTemplate::name).containsExactly("t3", "t4", "t5");
        TemplateRegistry.Query utility = new TemplateRegistry.Query(null, null,
                java.util.Set.of(TemplateCategory.UTILITY), null);
        assertThat(registry.page(utility, 10, null, null).data()).extracting(MessageTemplate::name)
                .containsExactly("t1", "t3", "t5");
    }
}
