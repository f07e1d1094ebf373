package dev.sandesh.broadcast.domain;

/**
 * A template as it was approved at Meta: sending it with another language, category or number of
 * body parameters fails at Meta, so campaigns are checked against it before anything is sent.
 */
public record TemplateSpec(String name, String language, TemplateCategory category, int bodyParameters) {

    public TemplateSpec {
        if (bodyParameters < 0) {
            throw new IllegalArgumentException("template " + name + ": body-parameters must be 0 or more");
        }
    }

    /** Why a recipient's parameters do not fit, or null when they do. */
    public String parameterProblem(int given) {
        return given == bodyParameters ? null
                : "template " + name + " takes " + bodyParameters + " body parameter(s), got " + given;
    }
}
