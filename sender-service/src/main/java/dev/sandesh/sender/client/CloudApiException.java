package dev.sandesh.sender.client;

import dev.sandesh.sender.domain.CloudApiError;

/** The Cloud API answered with an error; {@link #error()} says what it means. */
public class CloudApiException extends RuntimeException {

    private final transient CloudApiError error;
    private final int httpStatus;

    public CloudApiException(int httpStatus, CloudApiError error) {
        super("Cloud API error " + error.code() + " (HTTP " + httpStatus + "): " + error.title(), null, false, false);
        this.error = error;
        this.httpStatus = httpStatus;
    }

    public CloudApiError error() {
        return error;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
