package dev.sandesh.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InternalSignatureTest {

    static final String SECRET = "test-internal-secret-0123456789";
    private static final String OLD = "old-internal-secret-9876543210";
    private static final byte[] BODY = "{\"version\":1,\"campaignId\":\"c\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant AT = Instant.parse("2026-12-01T12:00:00.456Z");

    private final InternalSignature signature = InternalSignature.of(SECRET, Optional.empty());

    private static InternalSignature.Attributes attributes(Map<String, String> headers) {
        return InternalSignature.Attributes.fromHeaders(headers::get);
    }

    @Test
    void headersMakeASignedBinaryModeCloudEventThatVerifies() {
        Map<String, String> headers = signature.headers("SendBatch", "id-1", AT, BODY);

        assertThat(headers).containsEntry("ce-specversion", "1.0").containsEntry("ce-id", "id-1")
                .containsEntry("ce-type", "SendBatch").containsEntry("ce-time", "2026-12-01T12:00:00Z")
                .containsEntry("ce-source", "/sandesh").containsKey("ce-sandeshsignature");
        assertThat(headers.get("ce-sandeshsignature")).startsWith("v1=").doesNotContain(SECRET);
        signature.verify(attributes(headers), BODY);
    }

    @Test
    void theExtensionNameIsAValidCloudEventsAttributeName() {
        // CloudEvents 1.0: lower-case ASCII letters or digits, SHOULD NOT exceed 20 characters.
        assertThat(InternalSignature.EXTENSION).matches("[a-z0-9]{1,20}");
    }

    @Test
    void anSdkReformattedTimeStillVerifies() {
        Map<String, String> headers = new java.util.HashMap<>(signature.headers("OptOut", "id-2", AT, BODY));
        headers.put("ce-time", "2026-12-01T17:30:00+05:30");

        signature.verify(attributes(headers), BODY);
    }

    @Test
    void anyChangeToBodyTypeIdOrTimeIsForged() {
        Map<String, String> headers = signature.headers("OptOut", "id-3", AT, BODY);
        for (String field : new String[]{"ce-type", "ce-id", "ce-time"}) {
            Map<String, String> changed = new java.util.HashMap<>(headers);
            changed.put(field, field.equals("ce-time") ? "2026-12-01T12:00:01Z" : "SendBatch");
            assertThatThrownBy(() -> signature.verify(attributes(changed), BODY)).as(field)
                    .isInstanceOfSatisfying(ForgedMessageException.class, f -> assertThat(f.status()).isEqualTo(403));
        }
        byte[] altered = BODY.clone();
        altered[3] ^= 1;
        assertThatThrownBy(() -> signature.verify(attributes(headers), altered)).isInstanceOf(ForgedMessageException.class);
    }

    @Test
    void aMissingSignatureOrAttributeIsUnsignedAndPoison() {
        Map<String, String> headers = new java.util.HashMap<>(signature.headers("OptOut", "id-4", AT, BODY));
        headers.remove("ce-sandeshsignature");
        assertThatThrownBy(() -> signature.verify(attributes(headers), BODY))
                .isInstanceOf(WireFormatException.class)
                .isInstanceOfSatisfying(ForgedMessageException.class, f -> assertThat(f.status()).isEqualTo(401));

        Map<String, String> noId = new java.util.HashMap<>(signature.headers("OptOut", "id-4", AT, BODY));
        noId.remove("ce-id");
        assertThatThrownBy(() -> signature.verify(attributes(noId), BODY))
                .isInstanceOfSatisfying(ForgedMessageException.class, f -> assertThat(f.unsigned()).isTrue());
    }

    @Test
    void garbageSignaturesAndTimesAreForgedNotCrashes() {
        for (String bad : new String[]{"v1=%%%", "v2=abc", "abc", "v1="}) {
            Map<String, String> headers = new java.util.HashMap<>(signature.headers("OptOut", "id-5", AT, BODY));
            headers.put("ce-sandeshsignature", bad);
            assertThatThrownBy(() -> signature.verify(attributes(headers), BODY)).as(bad).isInstanceOf(ForgedMessageException.class);
        }
        Map<String, String> headers = new java.util.HashMap<>(signature.headers("OptOut", "id-5", AT, BODY));
        headers.put("ce-time", "yesterday");
        assertThatThrownBy(() -> signature.verify(attributes(headers), BODY)).isInstanceOf(ForgedMessageException.class);
    }

    @Test
    void anotherSecretIsRefusedAndThePreviousSecretIsAcceptedWhileRotating() {
        InternalSignature old = InternalSignature.of(OLD, Optional.empty());
        Map<String, String> signedWithOld = old.headers("OptOut", "id-6", AT, BODY);

        assertThatThrownBy(() -> signature.verify(attributes(signedWithOld), BODY)).isInstanceOf(ForgedMessageException.class);

        InternalSignature rotating = InternalSignature.of(SECRET, Optional.of(OLD));
        rotating.verify(attributes(signedWithOld), BODY);
        rotating.verify(attributes(signature.headers("OptOut", "id-7", AT, BODY)), BODY);
        // it signs with the current secret: a service that only knows the new one accepts it
        signature.verify(attributes(rotating.headers("OptOut", "id-8", AT, BODY)), BODY);
        assertThat(rotating.acceptedSecrets()).isEqualTo(2);
    }

    @Test
    void bearerTokensAreTheCurrentOrPreviousSecret() {
        InternalSignature rotating = InternalSignature.of(SECRET, Optional.of(OLD));

        assertThat(rotating.acceptsBearer(SECRET)).isTrue();
        assertThat(rotating.acceptsBearer(OLD)).isTrue();
        assertThat(rotating.acceptsBearer(SECRET + "x")).isFalse();
        assertThat(rotating.acceptsBearer("")).isFalse();
        assertThat(rotating.acceptsBearer(null)).isFalse();
        assertThat(rotating.bearerToken()).isEqualTo(SECRET);
    }

    @Test
    void blankOrShortSecretsAreRefusedNamingTheKeyNotTheValue() {
        assertThatThrownBy(() -> InternalSignature.of(" ", Optional.empty())).hasMessageContaining("sandesh.internal.secret");
        assertThatThrownBy(() -> InternalSignature.of("short", Optional.empty()))
                .hasMessageContaining("sandesh.internal.secret").hasMessageNotContaining("short\"");
        assertThatThrownBy(() -> InternalSignature.of(SECRET, Optional.of("tiny"))).hasMessageContaining("previous-secret");
        assertThat(InternalSignature.of(SECRET, Optional.of(" ")).acceptedSecrets()).isEqualTo(1);
        assertThat(InternalSignature.of(SECRET, Optional.empty()).toString()).doesNotContain(SECRET);
    }
}
