package dev.sandesh.webhook.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignature signature = new WebhookSignature("sim-app-secret");

    @Test
    void signatureOfTheExactBytesMatches() {
        assertThat(signature.matches(signature.sign(BODY), BODY)).isTrue();
    }

    @Test
    void knownVectorMatches() {
        // HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog"), a published test vector
        WebhookSignature withKey = new WebhookSignature("key");
        byte[] body = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

        assertThat(withKey.sign(body)).isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        assertThat(withKey.matches("SHA256=F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8", body)).isTrue();
    }

    @Test
    void anotherSecretDoesNotMatch() {
        assertThat(signature.matches(new WebhookSignature("other").sign(BODY), BODY)).isFalse();
    }

    @Test
    void aChangedByteDoesNotMatch() {
        String header = signature.sign(BODY);
        byte[] tampered = BODY.clone();
        tampered[5] ^= 1;

        assertThat(signature.matches(header, tampered)).isFalse();
    }

    @Test
    void missingOrMalformedHeadersDoNotMatch() {
        String hex = signature.sign(BODY).substring("sha256=".length());

        assertThat(signature.matches(null, BODY)).isFalse();
        assertThat(signature.matches("", BODY)).isFalse();
        assertThat(signature.matches(hex, BODY)).as("no prefix").isFalse();
        assertThat(signature.matches("sha1=" + hex, BODY)).isFalse();
        assertThat(signature.matches("sha256=" + hex.substring(2), BODY)).as("truncated").isFalse();
        assertThat(signature.matches("sha256=" + "zz" + hex.substring(2), BODY)).as("not hex").isFalse();
    }

    @Test
    void duringARotationBothSecretsAreAcceptedAndTheMatchingOneIsNamed() {
        byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        WebhookSignature rotating = new WebhookSignature(java.util.List.of("new-secret", "old-secret", "older-secret"));

        assertThat(rotating.matchingKey(new WebhookSignature("new-secret").sign(body), body)).isZero();
        assertThat(rotating.matchingKey(new WebhookSignature("old-secret").sign(body), body)).isEqualTo(1);
        assertThat(rotating.matchingKey(new WebhookSignature("older-secret").sign(body), body)).isEqualTo(2);
        assertThat(rotating.matchingKey(new WebhookSignature("guess").sign(body), body)).isEqualTo(WebhookSignature.NO_MATCH);
        assertThat(rotating.sign(body)).isEqualTo(new WebhookSignature("new-secret").sign(body));
    }
}
