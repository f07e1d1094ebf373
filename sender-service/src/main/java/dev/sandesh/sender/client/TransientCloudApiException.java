package dev.sandesh.sender.client;

import dev.sandesh.sender.domain.CloudApiError;

/**
 * A failure that is safe and worth retrying: a transient Meta error or a connection that never
 * opened. The gateway's {@code @Retry} retries exactly this type.
 */
public class TransientCloudApiException extends CloudApiException {

    public TransientCloudApiException(int httpStatus, CloudApiError error) {
        super(httpStatus, error);
    }
}
