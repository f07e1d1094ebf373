package dev.sandesh.simulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SendRulesTest {

    private static TemplateSend send(String product, String to, String type, String name, String language) {
        return new TemplateSend(product, "individual", to, type, name, language, 1, null);
    }

    private static Optional<Integer> code(TemplateSend send) {
        return SendRules.check(send).map(CloudApiError::code);
    }

    @Test
    void completeTemplateSendPasses() {
        assertThat(code(send("whatsapp", "919812345678", "template", "sandesh_demo", "en"))).isEmpty();
        assertThat(code(send("whatsapp", "+919812345678", "template", "sandesh_demo", "en"))).isEmpty();
    }

    @Test
    void missingRequiredFieldIs131008() {
        assertThat(code(send(null, "919812345678", "template", "n", "en"))).contains(131008);
        assertThat(code(send("whatsapp", null, "template", "n", "en"))).contains(131008);
        assertThat(code(send("whatsapp", "919812345678", null, "n", "en"))).contains(131008);
        assertThat(code(send("whatsapp", "919812345678", "template", null, "en"))).contains(131008);
        assertThat(code(send("whatsapp", "919812345678", "template", "n", null))).contains(131008);
    }

    @Test
    void invalidValueIs100() {
        assertThat(code(send("sms", "919812345678", "template", "n", "en"))).contains(100);
        assertThat(code(send("whatsapp", "98-12", "template", "n", "en"))).contains(100);
        assertThat(code(send("whatsapp", "919812345678", "text", "n", "en"))).contains(100);
        assertThat(code(send("whatsapp", TemplateSend.MALFORMED, "template", "n", "en"))).contains(100);
    }

    @Test
    void templateChecksFollowMetasOrder() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                template("t", TemplateStatus.APPROVED), template("p", TemplateStatus.PAUSED),
                template("d", TemplateStatus.DISABLED), template("r", TemplateStatus.PENDING),
                template("a", TemplateStatus.ARCHIVED)));
        assertThat(registry.check(body("t", "en", 1))).isInstanceOf(TemplateRegistry.Checked.Valid.class);
        assertThat(code(registry.check(body("x", "en", 1)))).isEqualTo(132001);
        assertThat(code(registry.check(body("t", "hi", 1)))).isEqualTo(132001);
        assertThat(code(registry.check(body("t", "EN", 1)))).as("the language must match exactly").isEqualTo(132001);
        assertThat(code(registry.check(body("r", "en", 1)))).isEqualTo(132001);
        assertThat(code(registry.check(body("a", "en", 1)))).isEqualTo(132001);
        assertThat(code(registry.check(body("t", "en", 2)))).isEqualTo(132000);
        assertThat(code(registry.check(body("p", "en", 1)))).isEqualTo(132015);
        assertThat(code(registry.check(body("d", "en", 1)))).isEqualTo(132016);
    }

    @Test
    void languagePolicyMayOnlyBeDeterministic() {
        TemplateSend deterministic = new TemplateSend("whatsapp", null, "919812345678", "template", "t", "en",
                "deterministic", List.of(), null, null);
        assertThat(SendRules.check(deterministic)).isEmpty();
        TemplateSend fallback = new TemplateSend("whatsapp", null, "919812345678", "template", "t", "en",
                "fallback", List.of(), null, null);
        assertThat(code(fallback)).contains(100);
    }

    @Test
    void marketingMessagesTakeTemplatesAndKnownProductPolicies() {
        TemplateSend text = new TemplateSend("whatsapp", null, "919812345678", "text", "t", "en", null, List.of(),
                null, null);
        assertThat(SendRules.checkMarketing(text).orElseThrow().details()).isEqualTo("Message must be a template message.");
        for (String policy : List.of("CLOUD_API_FALLBACK", "STRICT")) {
            assertThat(SendRules.checkMarketing(new TemplateSend("whatsapp", null, "919812345678", "template", "t",
                    "en", null, List.of(), null, policy))).isEmpty();
        }
        assertThat(SendRules.checkMarketing(new TemplateSend("whatsapp", null, "919812345678", "template", "t", "en",
                null, List.of(), null, "LOOSE")).orElseThrow().code()).isEqualTo(100);
    }

    private static MessageTemplate template(String name, TemplateStatus status) {
        return MessageTemplate.ofCounts("1" + Math.abs(name.hashCode()), name, "en", TemplateCategory.MARKETING, 0, 1,
                0, status);
    }

    private static int code(TemplateRegistry.Checked checked) {
        return MetaBehaviourRulesTest.error(checked).code();
    }

    private static TemplateSend body(String name, String language, int bodyParameters) {
        return new TemplateSend("whatsapp", "individual", "919812345678", "template", name, language, bodyParameters,
                null);
    }
}
