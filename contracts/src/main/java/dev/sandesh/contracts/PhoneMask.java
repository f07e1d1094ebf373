package dev.sandesh.contracts;

/** Phone numbers never reach a log whole: {@code +919812345678} is logged as {@code +91******5678}. */
public final class PhoneMask {

    private PhoneMask() {
    }

    public static String mask(String phone) {
        if (phone == null) {
            return "null";
        }
        int keepHead = phone.startsWith("+") ? 3 : 2;
        int keepTail = 4;
        if (phone.length() <= keepHead + keepTail) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, keepHead) + "*".repeat(phone.length() - keepHead - keepTail) + phone.substring(phone.length() - keepTail);
    }
}
