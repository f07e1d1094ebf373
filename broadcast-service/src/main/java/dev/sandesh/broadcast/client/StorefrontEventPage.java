package dev.sandesh.broadcast.client;

import java.util.List;
import java.util.Map;

/**
 * A page of storefront events as webhook-service's {@code GET /internal/v1/events} answers it and
 * {@code GET /v1/events} passes it on: CloudEvents 1.0 objects in order, and the cursor to continue from.
 *
 * @param next pass it as {@code after} next time (the same cursor again when nothing new was there)
 */
public record StorefrontEventPage(List<Map<String, Object>> events, String next) {

    public StorefrontEventPage {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
