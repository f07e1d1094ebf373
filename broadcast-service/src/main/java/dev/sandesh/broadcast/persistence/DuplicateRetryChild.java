package dev.sandesh.broadcast.persistence;

import java.util.UUID;

/**
 * The parent already has its (unforced) retry child: another retry-failed got there first. The
 * database decides (the unique index campaign_one_retry_per_parent, V10), so two calls at once
 * cannot both create one.
 */
public class DuplicateRetryChild extends RuntimeException {

    public DuplicateRetryChild(UUID parentId, Throwable cause) {
        super("campaign " + parentId + " has a retry child already", cause);
    }
}
