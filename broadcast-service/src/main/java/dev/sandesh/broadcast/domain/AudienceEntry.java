package dev.sandesh.broadcast.domain;

import java.util.List;

/**
 * One recipient as the caller gave it: the phone number in any common format, the template's
 * body parameters and the caller's own id for the person.
 */
public record AudienceEntry(String phone, List<String> parameters, String externalId) {

    public AudienceEntry {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
