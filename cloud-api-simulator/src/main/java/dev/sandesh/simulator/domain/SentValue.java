package dev.sandesh.simulator.domain;

/**
 * One parameter value a recipient got, as the audit keeps it, so a test can check that each
 * recipient got its own values.
 *
 * @param component header, body, button or limited_time_offer
 * @param card      carousel card index, or null outside a carousel
 * @param index     button index, or null for other components
 * @param subType   button sub_type in lower case, or null
 * @param name      {@code parameter_name} of a NAMED template's variable, or the position ("1", "2"…)
 * @param type      parameter type (text, image, coupon_code…)
 * @param value     its value (text, link or id, coupon, payload…)
 */
public record SentValue(String component, Integer card, Integer index, String subType, String name, String type,
                        String value) { }
