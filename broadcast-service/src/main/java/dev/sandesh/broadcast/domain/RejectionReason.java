package dev.sandesh.broadcast.domain;

/** Why a recipient is kept out of a campaign before anything is sent. */
public enum RejectionReason {
    /** libphonenumber could not read it, or it is not a valid number for its region. */
    INVALID_NUMBER,
    /** The same E.164 number appears earlier in the list. */
    DUPLICATE,
    /** The person has opted out of our messages. */
    OPTED_OUT,
    /** The template's registered number of body parameters differs from what was given. */
    PARAMETER_COUNT,
    /** A placeholder of the campaign's components that the recipient's variables or parameters do not resolve. */
    MISSING_VARIABLE,
    /**
     * A substituted value Meta would refuse: empty, a newline, tab or more than 4 consecutive spaces
     * (132018), NUL or an unpaired surrogate, or over its length limit (CLOUD-API-MORE §1.8).
     */
    INVALID_PARAMETER
}
