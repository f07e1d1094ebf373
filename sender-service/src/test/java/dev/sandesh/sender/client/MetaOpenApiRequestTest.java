package dev.sandesh.sender.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.sender.domain.ProductPolicy;
import dev.sandesh.sender.domain.SendEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request body the sender writes, for every component kind a brand's template uses
 * (CLOUD-API-MORE §1), validated against Meta's own OpenAPI spec (v23.0) for both send endpoints:
 * the request schema of {@code POST /{Version}/{Phone-Number-ID}/messages} (its {@code Message}, by the
 * discriminator's {@code template} mapping) and of {@code /marketing_messages}
 * ({@code MarketingMessageRequestPayload}). The spec's discriminators are applied by hand (the validator
 * ignores them), so each component and each parameter is also checked against the schema of its type
 * where the spec has one. Known defects of the spec are filtered, each named below (CLOUD-API-MORE §0).
 */
class MetaOpenApiRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "/paths/~1{Version}~1{Phone-Number-ID}~1messages/post/requestBody/content/application~1json/schema";
    private static final String MARKETING = "/paths/~1{Version}~1{Phone-Number-ID}~1marketing_messages/post/requestBody/content/application~1json/schema";

    private static JsonNode spec;
    private static JsonSchema templateMessage;
    private static JsonSchema marketingMessage;

    @BeforeAll
    static void loadSpec() throws IOException {
        String location = System.getProperty("meta.openapi.spec");
        assertThat(location).as("system property meta.openapi.spec (set by surefire in pom.xml)").isNotBlank();
        Path path = Path.of(location).normalize();
        assertThat(Files.isRegularFile(path)).as("Meta's OpenAPI spec not found at %s: it ships in ../shared/meta-openapi/", path).isTrue();
        spec = withKnownDefectsFiltered(new YAMLMapper().readTree(path.toFile()));

        // /messages takes a Message, a oneOf chosen by `type`: a template send is the `template` mapping.
        JsonNode message = resolve(spec.at(MESSAGES));
        String templateRef = message.at("/discriminator/mapping/template").asText();
        assertThat(templateRef).isEqualTo("#/components/schemas/TemplateMessage");
        templateMessage = schemaAt(templateRef.substring(1));
        assertThat(spec.at(MARKETING + "/$ref").asText()).isEqualTo("#/components/schemas/MarketingMessageRequestPayload");
        marketingMessage = schemaAt("/components/schemas/MarketingMessageRequestPayload");
    }

    /**
     * The spec's known defects, filtered here and nowhere else, so that everything else it says is enforced.
     */
    private static JsonNode withKnownDefectsFiltered(JsonNode original) {
        ObjectNode schemas = (ObjectNode) original.at("/components/schemas");
        for (String component : List.of("TemplateComponent", "ButtonComponent")) {
            ObjectNode properties = component.equals("TemplateComponent")
                    ? (ObjectNode) schemas.at("/TemplateComponent/properties")
                    : (ObjectNode) schemas.at("/ButtonComponent/allOf/1/properties");
            // MORE §0: button `index` has the pattern ^[2-6, 11-14]$ (spec L1650, L1717), a meaningless
            // regex; the description says 0-9. Replaced by what it says.
            ((ObjectNode) properties.get("index")).put("pattern", "^[0-9]$");
            // MORE §0: `sub_type` lists only quick_reply/url/catalog (spec L1639-1645); Meta's real values
            // also include copy_code, flow, mpm and voice_call (MORE §1.3).
            ((ArrayNode) properties.at("/sub_type/enum")).add("copy_code").add("flow").add("mpm").add("voice_call");
        }
        // TemplateComponent.type lists only header/body/button (spec L1627-1659), yet carousel and
        // limited_time_offer components go in the same template.components (MORE §1.1, §1.5, §1.6).
        ((ArrayNode) schemas.at("/TemplateComponent/properties/type/enum")).add("carousel").add("limited_time_offer");
        // ParameterObject.type has no `location` (header location, MORE §1.1: template header format LOCATION,
        // spec L28705-28710), and ButtonParameterObject.type no `coupon_code` (copy_code) or `action`
        // (flow, catalog, mpm) (MORE §1.3, the spec's own examples at L12657-12682, L12808-12825).
        ((ArrayNode) schemas.at("/ParameterObject/properties/type/enum")).add("location");
        ((ArrayNode) schemas.at("/ButtonParameterObject/properties/type/enum")).add("coupon_code").add("action");
        // Not filtered: MarketingMessageRequestPayload's additionalProperties:false (spec L1922-1966; MORE §0
        // notes pywa sends context/recipient/biz_opaque_callback_data there). The sender sends none of those,
        // so a field the schema does not list is a bug of ours and must fail this test.
        return original;
    }

    // --- the requests ------------------------------------------------------------------------------

    /** One template per header kind, each with a named body, currency, date_time and every dynamic button kind. */
    private static List<TemplateRef> marketingTemplates() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("image by link", "{\"type\":\"image\",\"image\":{\"link\":\"https://cdn.example/{{dish}}.jpg\"}}");
        headers.put("video by id", "{\"type\":\"video\",\"video\":{\"id\":\"1234567890\"}}");
        headers.put("document", "{\"type\":\"document\",\"document\":{\"link\":\"https://x.example/inv.pdf\",\"filename\":\"Invoice-{{order}}.pdf\"}}");
        headers.put("text", "{\"type\":\"text\",\"text\":\"{{customer}}\"}");
        headers.put("location", "{\"type\":\"location\",\"location\":{\"latitude\":\"19.07\",\"longitude\":\"72.87\",\"name\":\"Store\",\"address\":\"MG Rd\"}}");
        List<TemplateRef> templates = new ArrayList<>();
        for (String header : headers.values()) {
            templates.add(new TemplateRef("diwali_offer", "en_US", "marketing", JSON.readTree("""
                    [{"type":"header","parameters":[%s]},
                     {"type":"body","parameters":[
                        {"type":"text","parameter_name":"customer","text":"{{customer}}"},
                        {"type":"currency","currency":{"fallback_value":"₹1,499.00","code":"INR","amount_1000":1499000}},
                        {"type":"date_time","date_time":{"fallback_value":"25 Dec 2026, 7 pm"}}]},
                     {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"{{order}}"}]},
                     {"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"STOP_PROMO"}]},
                     {"type":"button","sub_type":"copy_code","index":"2","parameters":[{"type":"coupon_code","coupon_code":"{{coupon}}"}]},
                     {"type":"button","sub_type":"flow","index":"3","parameters":[{"type":"action","action":{"flow_token":"t-{{order}}","flow_action_data":{"k":"v"}}}]},
                     {"type":"button","sub_type":"catalog","index":"4","parameters":[{"type":"action","action":{"thumbnail_product_retailer_id":"SKU1"}}]},
                     {"type":"button","sub_type":"mpm","index":"5","parameters":[{"type":"action","action":{"thumbnail_product_retailer_id":"SKU1",
                        "sections":[{"title":"Top","product_items":[{"product_retailer_id":"SKU1"}]}]}}]},
                     {"type":"limited_time_offer","parameters":[{"type":"limited_time_offer","limited_time_offer":{"expiration_time_ms":1798761599000}}]}]
                    """.formatted(header))));
        }
        templates.add(new TemplateRef("dessert_carousel", "hi", "marketing", JSON.readTree("""
                [{"type":"body","parameters":[{"type":"text","text":"{{1}}"}]},
                 {"type":"carousel","cards":[
                   {"card_index":0,"components":[
                     {"type":"header","parameters":[{"type":"image","image":{"id":"1234567890"}}]},
                     {"type":"body","parameters":[{"type":"text","text":"₹999"}]},
                     {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"CARD0"}]}]},
                   {"card_index":1,"components":[
                     {"type":"header","parameters":[{"type":"video","video":{"link":"https://cdn.example/v.mp4"}}]},
                     {"type":"body","parameters":[{"type":"text","text":"{{customer}}"}]},
                     {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"{{order}}"}]}]}]}]
                """)));
        return templates;
    }

    private static List<TemplateRef> otherTemplates() throws IOException {
        return List.of(
                // authentication OTP: the code as body parameter and as the url button's (MORE §1.4)
                new TemplateRef("login_code", "en_US", "authentication", JSON.readTree("""
                        [{"type":"body","parameters":[{"type":"text","text":"{{otp}}"}]},
                         {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"{{otp}}"}]}]""")),
                // the short form: positional body text from bodyParameters
                new TemplateRef("sandesh_demo", "en", "utility"),
                // a template without variables at all
                new TemplateRef("hello_world", "en_US", "utility", JSON.readTree("[]")));
    }

    private static final SendBatch.Recipient ASHA = new SendBatch.Recipient(1, "+919800000001", "IN", List.of("Asha"),
            Map.of("customer", "Asha", "order", "A-1042", "coupon", "SAVE20", "dish", "rasmalai", "otp", "482913"));

    private static JsonNode written(TemplateRef template, SendEndpoint endpoint, ProductPolicy policy) throws IOException {
        return JSON.readTree(BatchTemplate.compile(template, endpoint, policy).request(ASHA).json());
    }

    // --- the tests ---------------------------------------------------------------------------------

    /**
     * {@link TemplateMessageRequest#json()} writes field by field for speed: byte for byte what a
     * mapper writes from the record's annotations, for every template, endpoint and product policy.
     */
    @Test
    void theHandWrittenBodyIsExactlyWhatTheAnnotationsSay() throws IOException {
        List<TemplateRef> all = new ArrayList<>(marketingTemplates());
        all.addAll(otherTemplates());
        com.fasterxml.jackson.databind.ObjectWriter annotations = new ObjectMapper().writerFor(TemplateMessageRequest.class);
        int compared = 0;
        for (TemplateRef template : all) {
            for (SendEndpoint endpoint : SendEndpoint.values()) {
                for (ProductPolicy policy : new ProductPolicy[] {null, ProductPolicy.CLOUD_API_FALLBACK, ProductPolicy.STRICT}) {
                    TemplateMessageRequest request = BatchTemplate.compile(template, endpoint, policy).request(ASHA);
                    assertThat(new String(request.json(), java.nio.charset.StandardCharsets.UTF_8))
                            .as("%s on %s, policy %s", template.name(), endpoint, policy)
                            .isEqualTo(annotations.writeValueAsString(request));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(all.size() * 6);
    }

    @Test
    void everyBodyTheSenderWritesToMessagesIsAValidTemplateMessage() throws IOException {
        List<TemplateRef> all = new ArrayList<>(marketingTemplates());
        all.addAll(otherTemplates());
        for (TemplateRef template : all) {
            JsonNode body = written(template, SendEndpoint.MESSAGES, ProductPolicy.STRICT);
            assertThat(body.has("product_policy")).as("product_policy only on /marketing_messages").isFalse();
            assertConforms(templateMessage, body, template.name() + " on /messages");
        }
    }

    @Test
    void everyMarketingBodyTheSenderWritesToMarketingMessagesIsAValidPayload() throws IOException {
        for (ProductPolicy policy : new ProductPolicy[] {null, ProductPolicy.CLOUD_API_FALLBACK, ProductPolicy.STRICT}) {
            for (TemplateRef template : marketingTemplates()) {
                JsonNode body = written(template, SendEndpoint.MARKETING_MESSAGES, policy);
                assertThat(body.path("product_policy").isMissingNode()).isEqualTo(policy == null);
                assertConforms(marketingMessage, body, template.name() + " on /marketing_messages, policy " + policy);
            }
        }
    }

    @Test
    void theValidationCatchesAWrongShape() throws IOException {
        JsonNode good = written(marketingTemplates().getFirst(), SendEndpoint.MARKETING_MESSAGES, ProductPolicy.STRICT);

        ObjectNode noPolicy = good.deepCopy();
        ((ObjectNode) noPolicy.at("/template/language")).remove("policy");
        assertThat(problems(templateMessage, noPolicy)).as("language.policy is required").isNotEmpty();

        ObjectNode numericIndexOutOfRange = good.deepCopy();
        ((ObjectNode) numericIndexOutOfRange.at("/template/components/2")).put("index", "12");
        assertThat(problems(templateMessage, numericIndexOutOfRange)).as("button index 0-9").isNotEmpty();

        ObjectNode strayField = good.deepCopy();
        strayField.put("biz_opaque_callback_data", "x");
        assertThat(problems(marketingMessage, strayField)).as("MM payload lists its fields").isNotEmpty();

        ObjectNode badPolicy = good.deepCopy();
        badPolicy.put("product_policy", "LOOSE");
        assertThat(problems(marketingMessage, badPolicy)).isNotEmpty();

        ObjectNode mediaWithoutLinkOrId = good.deepCopy();
        ((ObjectNode) mediaWithoutLinkOrId.at("/template/components/0/parameters/0/image")).remove("link");
        assertThat(problems(templateMessage, mediaWithoutLinkOrId)).as("media by id xor link").isNotEmpty();

        ObjectNode textWithoutText = good.deepCopy();
        ((ObjectNode) textWithoutText.at("/template/components/1/parameters/0")).remove("text");
        assertThat(problems(templateMessage, textWithoutText)).as("a text parameter has text").isNotEmpty();
    }

    // --- validation --------------------------------------------------------------------------------

    private static void assertConforms(JsonSchema schema, JsonNode body, String what) {
        assertThat(problems(schema, body)).as("%s: %s", what, body).isEmpty();
    }

    /** The body against its schema, then each component and parameter against the schema its type maps to. */
    private static List<String> problems(JsonSchema schema, JsonNode body) {
        List<String> problems = new ArrayList<>(messages(schema, body));
        components(body.at("/template/components"), problems);
        return problems;
    }

    private static void components(JsonNode components, List<String> problems) {
        for (JsonNode component : components) {
            String type = component.path("type").asText();
            String mapped = spec.at("/components/schemas/TemplateComponent/discriminator/mapping/" + type).asText();
            if (!mapped.isEmpty()) {
                problems.addAll(messages(schemaAt(mapped.substring(1)), component));
            }
            String parameterSchema = type.equals("button") ? "ButtonParameterObject" : "ParameterObject";
            for (JsonNode parameter : component.path("parameters")) {
                String parameterMapping = spec.at("/components/schemas/" + parameterSchema + "/discriminator/mapping/"
                        + parameter.path("type").asText()).asText();
                if (!parameterMapping.isEmpty()) {
                    problems.addAll(messages(schemaAt(parameterMapping.substring(1)), parameter));
                }
            }
            for (JsonNode card : component.path("cards")) {
                components(card.path("components"), problems);
            }
        }
    }

    private static List<String> messages(JsonSchema schema, JsonNode node) {
        Set<ValidationMessage> messages = schema.validate(node);
        return messages.stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText();
        return ref.isEmpty() ? node : resolve(spec.at(ref.substring(1)));
    }

    /** A schema for the node at {@code pointer} of the spec, its $refs resolved within the spec. */
    private static JsonSchema schemaAt(String pointer) {
        JsonNode target = spec.at(pointer);
        assertThat(target.isMissingNode()).as("spec has %s", pointer).isFalse();
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", spec.get("components"));
        root.putArray("allOf").add(target);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }
}
