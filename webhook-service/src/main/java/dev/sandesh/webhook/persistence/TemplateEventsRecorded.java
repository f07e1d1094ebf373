package dev.sandesh.webhook.persistence;

import java.util.List;

/** Template events a transaction has just committed to the outbox, ready to be published. */
public record TemplateEventsRecorded(List<TemplateEventOutbox.Recorded> events) {
}
