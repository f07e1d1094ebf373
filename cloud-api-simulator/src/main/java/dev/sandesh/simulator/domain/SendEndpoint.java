package dev.sandesh.simulator.domain;

/** The two Graph endpoints that send a template (CLOUD-API-MORE §5). */
public enum SendEndpoint {
    /** {@code POST /{phone-number-id}/messages}, the Cloud API. */
    MESSAGES("messages"),
    /** {@code POST /{phone-number-id}/marketing_messages}, the Marketing Messages API: marketing templates only. */
    MARKETING_MESSAGES("marketing_messages");

    private final String path;

    SendEndpoint(String path) {
        this.path = path;
    }

    /** The path segment, also how the audit names the endpoint. */
    public String path() {
        return path;
    }
}
