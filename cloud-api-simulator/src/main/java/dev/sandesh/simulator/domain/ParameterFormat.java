package dev.sandesh.simulator.domain;

/**
 * How a template's variables are written and sent (CLOUD-API-MORE §1.2): {@code {{1}}} in order,
 * sent without names (POSITIONAL, Meta's default), or {@code {{first_name}}}, each sent with its
 * {@code parameter_name} in any order (NAMED).
 */
public enum ParameterFormat {
    POSITIONAL, NAMED
}
