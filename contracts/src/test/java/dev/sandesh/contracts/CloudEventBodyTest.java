package dev.sandesh.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventBodyTest {

    private static final InternalSignature SIGNATURE = InternalSignature.of(InternalSignatureTest.SECRET, Optional.empty());
    private static final String JSON = "{\"version\":1}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Binary-mode headers as RabbitmqSource forwards a signed message's attributes, plus {@code extra}. */
    private static Map<String, String> signedHeaders(String json, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(SIGNATURE.headers("SendBatch", bytes(json)));
        headers.putAll(extra);
        return headers;
    }

    @Test
    void binaryModeIsTheBodyItselfWithItsHeaderAttributes() {
        Map<String, String> headers = signedHeaders(JSON, Map.of("ce-sandeshrequeues", "2"));
        var event = CloudEventBody.read("application/json", headers::get, bytes(JSON), SIGNATURE);

        assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(event.attribute("sandeshrequeues", headers.get("ce-sandeshrequeues"))).contains("2");
    }

    @Test
    void binaryModeWithoutSpecVersionIsNotACloudEvent() {
        Map<String, String> headers = signedHeaders(JSON, Map.of());
        headers.remove("ce-specversion");
        assertThatThrownBy(() -> CloudEventBody.read("application/json", headers::get, bytes("{}"), SIGNATURE))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("ce-specversion is missing");
    }

    @Test
    void anUnsignedBinaryEventIs401AndAForgedOne403() {
        Map<String, String> unsigned = Map.of("ce-specversion", "1.0", "ce-id", "x", "ce-type", "SendBatch", "ce-time", "2026-12-01T00:00:00Z");
        assertThatThrownBy(() -> CloudEventBody.read("application/json", unsigned::get, bytes(JSON), SIGNATURE))
                .isInstanceOfSatisfying(ForgedMessageException.class, f -> assertThat(f.status()).isEqualTo(401));

        Map<String, String> signed = signedHeaders(JSON, Map.of());
        assertThatThrownBy(() -> CloudEventBody.read("application/json", signed::get, bytes("{\"version\":1,\"x\":1}"), SIGNATURE))
                .isInstanceOfSatisfying(ForgedMessageException.class, f -> assertThat(f.status()).isEqualTo(403));
    }

    @Test
    void structuredModeTakesDataAsJsonAsStringOrAsBase64AndChecksTheEnvelopesSignature() {
        String b64 = Base64.getEncoder().encodeToString(bytes(JSON));
        Instant at = Instant.parse("2026-12-01T12:00:00Z");
        String sig = SIGNATURE.sign("SendBatch", "e-1", at.toString(), bytes(JSON));
        String attributes = "\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"SendBatch\",\"time\":\"" + at + "\",\"sandeshsignature\":\"" + sig + "\"";

        assertThat(CloudEventBody.read("application/cloudevents+json; charset=utf-8", name -> null,
                bytes("{" + attributes + ",\"data\":" + JSON + ",\"sandeshrequeues\":\"3\"}"), SIGNATURE))
                .satisfies(e -> {
                    assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo(JSON);
                    assertThat(e.attribute("sandeshrequeues", "ignored")).contains("3");
                    assertThat(e.attribute("absent", "ignored")).isEmpty();
                });
        assertThat(CloudEventBody.read(CloudEventBody.STRUCTURED, name -> null,
                bytes("{" + attributes + ",\"data\":\"{\\\"version\\\":1}\"}"), SIGNATURE).data()).isEqualTo(bytes(JSON));
        assertThat(CloudEventBody.read(CloudEventBody.STRUCTURED, name -> null,
                bytes("{" + attributes + ",\"data_base64\":\"" + b64 + "\"}"), SIGNATURE).data()).isEqualTo(bytes(JSON));
        assertThatThrownBy(() -> CloudEventBody.read(CloudEventBody.STRUCTURED, name -> null,
                bytes("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"SendBatch\",\"data\":" + JSON + "}"), SIGNATURE))
                .isInstanceOfSatisfying(ForgedMessageException.class, f -> assertThat(f.unsigned()).isTrue());
    }

    @Test
    void aStructuredEnvelopeWithoutSpecVersionDataOrValidBase64IsPoison() {
        assertThatThrownBy(() -> CloudEventBody.structured(bytes("not json"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> CloudEventBody.structured(bytes("{\"data\":{}}"))).hasMessageContaining("specversion");
        assertThatThrownBy(() -> CloudEventBody.structured(bytes("{\"specversion\":\"1.0\"}"))).hasMessageContaining("without data");
        assertThatThrownBy(() -> CloudEventBody.structured(bytes("{\"specversion\":\"1.0\",\"data_base64\":\"%%\"}"))).hasMessageContaining("not base64");
    }
}
