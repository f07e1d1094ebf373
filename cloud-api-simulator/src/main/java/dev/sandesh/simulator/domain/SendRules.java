package dev.sandesh.simulator.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Meta's request-level checks on a template send, before the template itself is looked up. */
public final class SendRules {

    /** E.164 without the plus: 1 to 15 digits, no leading zero; Meta accepts a leading '+'. */
    private static final Pattern PHONE = Pattern.compile("\\+?[1-9][0-9]{4,14}");
    /**
     * A BSUID: country code, '.', up to 128 alphanumerics, e.g. {@code US.13491208655302741918}; parent
     * BSUIDs look like {@code US.ENT.1181…} (M/business-scoped-user-ids; pywa's {@code ^[A-Z]{2}\.\d+$}
     * is too strict, Meta says alphanumeric).
     */
    private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}");

    private SendRules() {
    }

    public static Optional<CloudApiError> check(TemplateSend send) {
        if (send.messagingProduct() == null) {
            return missing("messaging_product");
        }
        if (!"whatsapp".equals(send.messagingProduct())) {
            return invalid("Param messaging_product must be one of {WHATSAPP} - got \"" + printable(send.messagingProduct()) + "\".");
        }
        if (send.recipientType() != null && !"individual".equals(send.recipientType())) {
            return invalid("Param recipient_type must be one of {INDIVIDUAL} - got \"" + printable(send.recipientType()) + "\".");
        }
        if (send.to() == null && send.recipient() == null) {
            return missing("to");
        }
        if (send.to() != null && !PHONE.matcher(send.to()).matches()) {
            return invalid("Param to must be a valid phone number.");
        }
        if (send.toBsuid() && !BSUID.matcher(send.recipient()).matches()) {
            return invalid("Param recipient must be a business-scoped user id (e.g. US.13491208655302741918).");
        }
        if (send.type() == null) {
            return missing("type");
        }
        if (!"template".equals(send.type())) {
            // The simulator models template broadcasts only; other message types are not supported here.
            return invalid("Param type must be template in this simulator - got \"" + printable(send.type()) + "\".");
        }
        if (send.templateName() == null) {
            return missing("template.name");
        }
        if (send.templateName().isBlank() || send.templateName() == TemplateSend.MALFORMED) {
            return invalid("Param template.name must be a non-empty string.");
        }
        if (send.languageCode() == null) {
            return missing("template.language.code");
        }
        if (send.languageCode().isBlank() || send.languageCode() == TemplateSend.MALFORMED) {
            return invalid("Param template.language.code must be a non-empty string.");
        }
        if (send.languagePolicy() != null && !"deterministic".equals(send.languagePolicy())) {
            // The only policy Meta has (spec L1611-1626); optional in practice (CLOUD-API-MORE §1.9).
            return invalid("Param template.language.policy must be one of {DETERMINISTIC} - got \""
                    + printable(send.languagePolicy()) + "\".");
        }
        return Optional.ofNullable(send.firstValueProblem());
    }

    /**
     * What the MM API refuses besides the Cloud API's checks (CLOUD-API-MORE §5): anything but a
     * template (100 "Message must be a template message.") and an unknown {@code product_policy}.
     */
    public static Optional<CloudApiError> checkMarketing(TemplateSend send) {
        if (send.type() != null && !"template".equals(send.type())) {
            return invalid("Message must be a template message.");
        }
        if (send.productPolicy() != null && !"CLOUD_API_FALLBACK".equals(send.productPolicy())
                && !"STRICT".equals(send.productPolicy())) {
            return invalid("Param product_policy must be one of {CLOUD_API_FALLBACK, STRICT} - got \""
                    + printable(send.productPolicy()) + "\".");
        }
        return Optional.empty();
    }

    /** The WhatsApp id Meta reports for a valid {@code to}: its digits. */
    public static String waId(String to) {
        return to.startsWith("+") ? to.substring(1) : to;
    }

    private static Optional<CloudApiError> missing(String parameter) {
        return Optional.of(CloudApiError.requiredParameterMissing(parameter));
    }

    private static Optional<CloudApiError> invalid(String details) {
        return Optional.of(CloudApiError.invalidParameter(details));
    }

    private static String printable(String value) {
        return value == TemplateSend.MALFORMED ? "(not a string)" : value;
    }
}
