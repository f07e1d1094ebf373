package dev.sandesh.broadcast.domain;

/**
 * What Meta accepts in one parameter value (CLOUD-API-MORE §1.1, §1.3, §1.8): checked on constant values
 * when a campaign is created, and on each recipient's substituted values.
 *
 * @param what       the value's role, for messages ("header text", "coupon code")
 * @param maxLength  at most this many characters; for a URL suffix, of the whole URL
 * @param urlBase    for a URL button's suffix: the template's URL it is appended to; else null
 * @param plainText  a text parameter, where Meta refuses newline, tab and more than 4 consecutive spaces (132018)
 * @param link       a media link, which must be HTTP or HTTPS
 */
public record ValueRule(String what, int maxLength, String urlBase, boolean plainText, boolean link) {

    public static final int HEADER_TEXT = 60;
    public static final int BODY_TEXT = 1_024;
    public static final int BODY_ONLY_TEXT = 32_768;
    public static final int COUPON_CODE = 15;
    public static final int PAYLOAD = 256;
    public static final int URL = 2_000;
    /** No documented limit: long enough for ids, tokens, names and addresses. */
    public static final int OTHER = 4_096;

    public static ValueRule text(String what, int maxLength) {
        return new ValueRule(what, maxLength, null, true, false);
    }

    public static ValueRule urlSuffix(String base) {
        return new ValueRule("URL suffix", URL, base, true, false);
    }

    public static ValueRule mediaLink() {
        return new ValueRule("media link", URL, null, false, true);
    }

    public static ValueRule other(String what) {
        return new ValueRule(what, OTHER, null, false, false);
    }

    /** Why Meta would refuse {@code value}, in words after the field's name, or null when it is fine. */
    public String problem(String value) {
        if (value.isEmpty()) {
            return "must not be empty (" + what + "; Meta refuses empty parameters)";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return "must not contain a NUL character (" + what + ")";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired surrogate (" + what + "): not valid Unicode";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired surrogate (" + what + "): not valid Unicode";
            }
        }
        if (plainText) {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\t') >= 0) {
                return "must not contain a newline or tab (" + what + "; Meta answers 132018)";
            }
            if (value.contains("     ")) {
                return "must not contain more than 4 consecutive spaces (" + what + "; Meta answers 132018)";
            }
        }
        if (link && !(value.startsWith("https://") || value.startsWith("http://"))) {
            return "must be an http or https URL (" + what + ")";
        }
        if (urlBase != null) {
            int length = urlBase.length() + value.length();
            if (length > maxLength) {
                return "makes the button URL " + length + " characters, more than " + maxLength;
            }
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            return "is " + length + " characters, more than " + maxLength + " (" + what + ")";
        }
        return null;
    }
}
