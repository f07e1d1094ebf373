package dev.sandesh.webhook.persistence;

import dev.sandesh.contracts.OptOut;

import java.util.List;

/** Opt-outs a transaction has just committed to the outbox, ready to be published. */
public record OptOutsRecorded(List<OptOut> optOuts) {
}
