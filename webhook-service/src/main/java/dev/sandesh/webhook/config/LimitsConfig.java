package dev.sandesh.webhook.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much unsigned input {@code POST /webhooks/whatsapp} takes before its signature is known (REFERENCE.md "Limits"). */
@ConfigMapping(prefix = "sandesh.limits")
public interface LimitsConfig {

    /**
     * The largest webhook body: Meta documents "Webhooks payloads can be up to 3MB"
     * (developers.facebook.com/docs/whatsapp/cloud-api/webhooks). A longer one is answered 413 before it is read.
     */
    @WithDefault("3M")
    MemorySize webhookBody();

    /**
     * The bytes of webhook bodies buffered at once before their signatures are checked (each counts its
     * Content-Length, or the whole {@link #webhookBody()} when sent without one). Beyond it a webhook is answered
     * 503 with Retry-After, and Meta retries it: a flood of unsigned bodies cannot take the heap.
     */
    @WithDefault("64M")
    MemorySize webhookBuffering();
}
