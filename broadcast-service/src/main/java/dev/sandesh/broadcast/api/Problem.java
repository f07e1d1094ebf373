package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json}.
 *
 * @param errors for validation problems, which field is wrong and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field, named by its JSON path ({@code template.name}, {@code recipients[3].phone}). */
    public record FieldError(String field, String reason) {
    }
}
