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
                new MessageTemplate("t", List.of("en"), "marketing", 1, TemplateStatus.APPROVED),
                new MessageTemplate("p", List.of("en"), "marketing", 1, TemplateStatus.PAUSED),
                new MessageTemplate("d", List.of("en"), "marketing", 1, TemplateStatus.DISABLED),
                new MessageTemplate("r", List.of("en"), "marketing", 1, TemplateStatus.PENDING)));
        assertThat(registry.check(body("t", "en", 1))).isEmpty();
        assertThat(registry.check(body("x", "en", 1))).map(CloudApiError::code).contains(132001);
        assertThat(registry.check(body("t", "hi", 1))).map(CloudApiError::code).contains(132001);
        assertThat(registry.check(body("r", "en", 1))).map(CloudApiError::code).contains(132001);
        assertThat(registry.check(body("t", "en", 2))).map(CloudApiError::code).contains(132000);
        assertThat(registry.check(body("p", "en", 1))).map(CloudApiError::code).contains(132015);
        assertThat(registry.check(body("d", "en", 1))).map(CloudApiError::code).contains(132016);
    }

    private static TemplateSend body(String name, String language, int bodyParameters) {
        return new TemplateSend("whatsapp", "individual", "919812345678", "template", name, language, bodyParameters,
                null);
    }
}
