package dev.sandesh.simulator.domain;

/**
 * A button of a template's BUTTONS component, as Meta's template API returns it (CLOUD-API-MORE
 * §1.3, §1.4). Only some take a parameter when sending; {@link TemplateSlots} knows which.
 */
public sealed interface TemplateButton {

    String text();

    /** Payload optional when sending (the default payload is the button text). */
    record QuickReply(String text) implements TemplateButton { }

    /** Static, or dynamic when {@code url} ends with {@code {{1}}} ({@code example} = a full sample URL). */
    record Url(String text, String url, String example) implements TemplateButton {
        public boolean dynamic() {
            return url.endsWith("{{1}}");
        }
    }

    /** A coupon the user copies; the code is given per send (≤ 15 chars). {@code text} is Meta's fixed label. */
    record CopyCode(String text, String example) implements TemplateButton { }

    record PhoneNumber(String text, String phoneNumber) implements TemplateButton { }

    /** Authentication: {@code otp_type} COPY_CODE, ONE_TAP or ZERO_TAP; ONE_TAP names the Android app. */
    record Otp(String otpType, String text, String autofillText, String packageName, String signatureHash)
            implements TemplateButton { }

    record Flow(String text, String flowId, String flowAction, String navigateScreen) implements TemplateButton { }

    /** "View catalog": the send may name a thumbnail product. */
    record Catalog(String text) implements TemplateButton { }

    /** Multi-product message: the send lists the sections and products. */
    record Mpm(String text) implements TemplateButton { }
}
