package dev.sandesh.webhook.config;

import io.smallrye.config.ConfigMapping;

/**
 * The webhook's secrets. Neither has a {@code %prod} default: without them the app refuses to
 * start, naming the missing key ({@code SANDESH_WEBHOOK_APP_SECRET}, {@code SANDESH_WEBHOOK_VERIFY_TOKEN}).
 */
@ConfigMapping(prefix = "sandesh.webhook")
public interface WebhookConfig {

    /** The Meta app's secret: the key of the {@code X-Hub-Signature-256} HMAC. */
    String appSecret();

    /** The token typed into Meta's webhook settings, echoed back in the verification handshake. */
    String verifyToken();
}
