package dev.sandesh.simulator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.simulator.config.SimulatorConfig;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A template notification (CLOUD-API-MORE §3): {@code {"object":"whatsapp_business_account","entry":
 * [{"id":<WABA>,"time":<unix>,"changes":[{"value":{…},"field":"<field>"}]}]}}. Rare, so written
 * from ordered maps rather than streamed.
 */
@Singleton
public class TemplateWebhookPayload {

    private final ObjectMapper mapper;
    private final SimulatorConfig config;

    public TemplateWebhookPayload(ObjectMapper mapper, SimulatorConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    public byte[] write(String field, Map<String, Object> value, long epochSecond) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("value", value);
        change.put("field", field);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", config.wabaId());
        entry.put("time", epochSecond);
        entry.put("changes", List.of(change));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("object", "whatsapp_business_account");
        root.put("entry", List.of(entry));
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
