package dev.sandesh.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventBodyTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void binaryModeIsTheBodyItselfWithItsHeaderAttributes() {
        var event = CloudEventBody.read("application/json", "1.0", bytes("{\"version\":1}"));

        assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("{\"version\":1}");
        assertThat(event.attribute("sandeshrequeues", "2")).contains("2");
    }

    @Test
    void binaryModeWithoutSpecVersionIsNotACloudEvent() {
        assertThatThrownBy(() -> CloudEventBody.read("application/json", null, bytes("{}")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("ce-specversion is missing");
    }

    @Test
    void structuredModeTakesDataAsJsonAsStringOrAsBase64() {
        String json = "{\"version\":1}";
        String b64 = Base64.getEncoder().encodeToString(bytes(json));

        assertThat(CloudEventBody.read("application/cloudevents+json; charset=utf-8", null,
                bytes("{\"specversion\":\"1.0\",\"data\":" + json + ",\"sandeshrequeues\":\"3\"}")))
                .satisfies(e -> {
                    assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo(json);
                    assertThat(e.attribute("sandeshrequeues", "ignored")).contains("3");
                    assertThat(e.attribute("absent", "ignored")).isEmpty();
                });
        assertThat(CloudEventBody.structured(bytes("{\"specversion\":\"1.0\",\"data\":\"{\\\"version\\\":1}\"}")).data()).isEqualTo(bytes(json));
        assertThat(CloudEventBody.structured(bytes("{\"specversion\":\"1.0\",\"data_base64\":\"" + b64 + "\"}")).data()).isEqualTo(bytes(json));
    }

    @Test
    void aStructuredEnvelopeWithoutSpecVersionDataOrValidBase64IsPoison() {
        assertThatThrownBy(() -> CloudEventBody.structured(bytes("not json"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> CloudEventBody.structured(bytes("{\"data\":{}}"))).hasMessageContaining("specversion");
        assertThatThrownBy(() -> CloudEventBody.structured(bytes("{\"specversion\":\"1.0\"}"))).hasMessageContaining("without data");
        assertThatThrownBy(() -> CloudEventBody.structured(bytes("{\"specversion\":\"1.0\",\"data_base64\":\"%%\"}"))).hasMessageContaining("not base64");
    }
}
