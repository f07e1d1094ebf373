package dev.sandesh.broadcast.persistence;

/** Another request created a campaign with the same Idempotency-Key first (a race between retries). */
public class DuplicateIdempotencyKey extends RuntimeException {

    public DuplicateIdempotencyKey(String message, Throwable cause) {
        super(message, cause);
    }
}
