package dev.sandesh.simulator.domain;

/** A template's review/quality state, as Meta's template API reports it. */
public enum TemplateStatus {
    APPROVED, PENDING, REJECTED, PAUSED, DISABLED
}
