package dev.sandesh.broadcast.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Optional;

/** Catalogue templates as Meta lists them (CLOUD-API-MORE §2.1), for the template check's tests. */
public final class TemplateFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateFixtures() {
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** NAMED, image header, named body, a URL button with a dynamic suffix and a copy-code button. */
    public static final CatalogTemplate DESSERT = new CatalogTemplate("101", "dessert_offer", "en_US", "APPROVED",
            TemplateCategory.MARKETING, CatalogTemplate.ParameterFormat.NAMED, json("""
            [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://scontent.example/h"]}},
             {"type":"BODY","text":"Hi {{customer}}, {{offer}} off your next kulfi!",
              "example":{"body_text_named_params":[{"param_name":"customer","example":"Asha"},{"param_name":"offer","example":"20%"}]}},
             {"type":"FOOTER","text":"Sweet Shop"},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Order now","url":"https://shop.example/o/{{1}}"},
               {"type":"COPY_CODE","example":"SAVE20"},
               {"type":"QUICK_REPLY","text":"Stop promotions"}]}]"""));

    /** POSITIONAL: text header with {{1}}, body {{1}} {{2}}, a phone-number button. */
    public static final CatalogTemplate ORDER = new CatalogTemplate("102", "order_update", "en", "APPROVED",
            TemplateCategory.UTILITY, CatalogTemplate.ParameterFormat.POSITIONAL, json("""
            [{"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["A-1"]}},
             {"type":"BODY","text":"Your order {{1}} ships on {{2}}.","example":{"body_text":[["A-1","Monday"]]}},
             {"type":"BUTTONS","buttons":[{"type":"PHONE_NUMBER","text":"Call","phone_number":"+16467043595"}]}]"""));

    /** Authentication with a copy-code OTP button, which Meta lists as URL. */
    public static final CatalogTemplate OTP = new CatalogTemplate("103", "login_code", "en_US", "APPROVED",
            TemplateCategory.AUTHENTICATION, CatalogTemplate.ParameterFormat.POSITIONAL, json("""
            [{"type":"BODY","text":"{{1}} is your verification code.","add_security_recommendation":true},
             {"type":"FOOTER","code_expiration_minutes":10},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Copy code","url":"https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}"}]}]"""));

    /** A carousel of two cards with image headers and quick replies, and a positional body. */
    public static final CatalogTemplate CAROUSEL = new CatalogTemplate("104", "summer_cards", "en", "APPROVED",
            TemplateCategory.MARKETING, CatalogTemplate.ParameterFormat.POSITIONAL, json("""
            [{"type":"BODY","text":"New for {{1}}"},
             {"type":"CAROUSEL","cards":[
               {"components":[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Kulfi"},
                 {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"More"}]}]},
               {"components":[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Falooda"},
                 {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"More"}]}]}]}]"""));

    /** A limited-time offer with an expiration, a copy-code and a URL button. */
    public static final CatalogTemplate OFFER = new CatalogTemplate("105", "flash_sale", "en", "APPROVED",
            TemplateCategory.MARKETING, CatalogTemplate.ParameterFormat.NAMED, json("""
            [{"type":"LIMITED_TIME_OFFER","limited_time_offer":{"text":"Expiring offer!","has_expiration":true}},
             {"type":"BODY","text":"Hi {{customer}}, it ends soon"},
             {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"FLASH"},{"type":"URL","text":"Shop","url":"https://shop.example/{{1}}"}]}]"""));

    public static final CatalogTemplate PAUSED = new CatalogTemplate("106", "paused_promo", "en", "PAUSED",
            TemplateCategory.MARKETING, CatalogTemplate.ParameterFormat.POSITIONAL, json("[{\"type\":\"BODY\",\"text\":\"Hello\"}]"));

    public static final List<CatalogTemplate> ALL = List.of(DESSERT, ORDER, OTP, CAROUSEL, OFFER, PAUSED);

    public static TemplateCatalog catalog() {
        return new TemplateCatalog() {
            @Override
            public Optional<CatalogTemplate> find(String name, String language) {
                return ALL.stream().filter(t -> t.key().equals(CatalogTemplate.key(name, language))).findFirst();
            }

            @Override
            public List<CatalogTemplate> all() {
                return ALL;
            }
        };
    }

    /** Components for {@link #DESSERT}: the photo, named body, the order suffix and the coupon. */
    public static final String DESSERT_COMPONENTS = """
            [{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/kulfi.jpg"}}]},
             {"type":"body","parameters":[{"type":"text","parameter_name":"customer","text":"{{customer}}"},
                                          {"type":"text","parameter_name":"offer","text":"{{offer}}"}]},
             {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"{{order}}"}]},
             {"type":"button","sub_type":"copy_code","index":1,"parameters":[{"type":"coupon_code","coupon_code":"{{coupon}}"}]}]""";
}
