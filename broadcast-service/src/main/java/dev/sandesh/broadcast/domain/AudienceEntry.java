package dev.sandesh.broadcast.domain;

import java.util.List;
import java.util.Map;

/**
 * One recipient as the caller gave it: the phone number in any common format, the positional
 * parameters ({@code {{1}}}, {@code {{2}}}…), the named variables ({@code {{customer}}}) and the
 * caller's own id for the person.
 */
public record AudienceEntry(String phone, List<String> parameters, String externalId, Map<String, String> variables) {

    public AudienceEntry {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    public AudienceEntry(String phone, List<String> parameters, String externalId) {
        this(phone, parameters, externalId, Map.of());
    }
}
