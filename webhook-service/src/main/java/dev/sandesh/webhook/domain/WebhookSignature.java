package dev.sandesh.webhook.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body,
 * keyed with the app secret. Checked over the exact bytes received (re-serialised JSON would not
 * match) and compared in constant time, so timing reveals nothing about the expected value.
 */
public final class WebhookSignature {

    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    /** No key matched (or the header is missing or malformed). */
    public static final int NO_MATCH = -1;

    private final List<SecretKeySpec> keys;

    public WebhookSignature(String appSecret) {
        this(List.of(appSecret));
    }

    /** @param appSecrets the current secret first, then any previous ones still accepted */
    public WebhookSignature(List<String> appSecrets) {
        if (appSecrets.isEmpty()) {
            throw new IllegalArgumentException("at least one app secret is needed");
        }
        this.keys = appSecrets.stream()
                .map(secret -> new SecretKeySpec(Objects.requireNonNull(secret, "appSecret").getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
    }

    /** The header value Meta would send for {@code body}, with the current secret. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(keys.getFirst(), body));
    }

    /** Whether {@code header} is the signature of {@code body}; false for a missing or malformed header. */
    public boolean matches(String header, byte[] body) {
        return matchingKey(header, body) != NO_MATCH;
    }

    /**
     * Which secret signed {@code body}: 0 for the current one, 1.. for the previous ones in
     * configured order, or {@link #NO_MATCH}.
     */
    public int matchingKey(String header, byte[] body) {
        if (header == null || body == null) {
            return NO_MATCH;
        }
        String value = header.trim();
        if (value.length() != PREFIX.length() + 64 || !value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return NO_MATCH;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return NO_MATCH;
        }
        int matched = NO_MATCH;
        for (int i = 0; i < keys.size(); i++) {
            // no early exit: every key costs the same whether or not an earlier one matched
            if (MessageDigest.isEqual(hmac(keys.get(i), body), given) && matched == NO_MATCH) {
                matched = i;
            }
        }
        return matched;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
