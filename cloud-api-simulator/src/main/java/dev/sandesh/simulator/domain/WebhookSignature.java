package dev.sandesh.simulator.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>}.
 * {@link Mac} is not thread-safe, so each signing gets its own instance (cheap next to an HTTP POST).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Hub-Signature-256";

    private final SecretKeySpec key;

    public WebhookSignature(String appSecret) {
        this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The header value for {@code body}: {@code sha256=} followed by 64 lowercase hex digits. */
    public String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
