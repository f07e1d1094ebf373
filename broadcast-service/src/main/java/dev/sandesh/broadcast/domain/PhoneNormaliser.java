package dev.sandesh.broadcast.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Locale;

/**
 * Turns what people type ({@code 098123 45678}, {@code +91-98123-45678}, {@code 0091 9812345678})
 * into E.164 with the number's ISO region, using Google's libphonenumber. Numbers without a
 * country code are read as numbers of the default region.
 */
public final class PhoneNormaliser {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public PhoneNormaliser(String defaultRegion) {
        String region = defaultRegion == null ? "" : defaultRegion.trim().toUpperCase(Locale.ROOT);
        if (!PHONES.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("unknown default region '" + defaultRegion + "' (an ISO 3166-1 alpha-2 code such as IN)");
        }
        this.defaultRegion = region;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    public Result normalise(String input) {
        if (input == null || input.isBlank()) {
            return new Invalid("EMPTY: no phone number given");
        }
        PhoneNumber number;
        try {
            number = PHONES.parse(input, defaultRegion);
        } catch (NumberParseException e) {
            return new Invalid(e.getErrorType() + ": " + e.getMessage());
        }
        if (!PHONES.isValidNumber(number)) {
            PhoneNumberUtil.ValidationResult possible = PHONES.isPossibleNumberWithReason(number);
            String why = possible == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
                    || possible == PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY
                    ? "INVALID_FOR_REGION: not a number in use for country code +" + number.getCountryCode()
                    : possible + ": the number has the wrong length for country code +" + number.getCountryCode();
            return new Invalid(why);
        }
        String region = PHONES.getRegionCodeForNumber(number);
        return new Valid(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), region);
    }

    /** What became of one input. */
    public sealed interface Result permits Valid, Invalid {
    }

    /** @param e164 {@code +919812345678}; @param region ISO 3166-1 alpha-2, e.g. {@code IN} */
    public record Valid(String e164, String region) implements Result {
    }

    /** @param detail libphonenumber's reason, e.g. {@code TOO_SHORT_NSN: ...} */
    public record Invalid(String detail) implements Result {
    }
}
