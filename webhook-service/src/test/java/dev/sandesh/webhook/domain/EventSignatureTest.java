package dev.sandesh.webhook.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EventSignatureTest {

    private static final byte[] BODY = "{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureIsTheHexHmacSha256OfTheRawBody() {
        // printf '{"specversion":"1.0"}' | openssl dgst -sha256 -hmac storefront-secret
        assertThat(EventSignature.sign("storefront-secret", BODY))
                .isEqualTo("sha256=6e4b87e36d20f9eb3b91bb56eb2a937c8492a75419f006ad9060297694f04ee1");
    }

    @Test
    void aReceiverVerifiesWithTheSameSecretOnly() {
        String header = EventSignature.sign("storefront-secret", BODY);
        assertThat(EventSignature.verify("storefront-secret", BODY, header)).isTrue();
        assertThat(EventSignature.verify("storefront-secret", BODY, header.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
        assertThat(EventSignature.verify("another-secret", BODY, header)).isFalse();
        assertThat(EventSignature.verify("storefront-secret", "{}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
        assertThat(EventSignature.verify("storefront-secret", BODY, null)).isFalse();
        assertThat(EventSignature.verify("storefront-secret", BODY, header.substring("sha256=".length()))).isFalse();
    }
}
