package dev.sandesh.webhook.domain;

import java.util.Comparator;

/** The first of a {@code failed} status's {@code errors}: Meta's code and its short title. */
public record StatusError(Integer code, String title) {

    /** A fixed order, so that of two different errors for one message the same one is kept whatever the arrival order. */
    static final Comparator<StatusError> ORDER = Comparator
            .comparing(StatusError::code, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StatusError::title, Comparator.nullsLast(Comparator.naturalOrder()));
}
