package dev.sandesh.contracts;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Authenticates every internal message and internal HTTP call with {@code sandesh.internal.secret}
 * (docs/CONVENTIONS.md, "Internal authentication").
 *
 * <p><b>Messages.</b> {@link WireMessages} makes every message a binary-mode CloudEvent on AMQP
 * ({@code ce-specversion}, {@code ce-id}, {@code ce-source}, {@code ce-type}, {@code ce-time}, the
 * RabbitMQ binding's {@code ce-} prefix) and adds the extension attribute {@value #EXTENSION}:
 * {@code v1=} + base64url(HMAC-SHA256(secret, canonical)), where canonical is the length-prefixed
 * (4-byte big-endian length, then UTF-8 bytes) sequence {@code "sandesh-v1"}, type, id, the time in
 * epoch seconds, and the body's bytes. Binding the type means a signed body cannot be replayed as
 * another event type; binding id and time means a signature cannot be moved to another message.
 * Because the message is a CloudEvent, Knative's RabbitmqSource forwards its attributes and
 * extensions as {@code ce-*} HTTP headers (it drops AMQP headers of messages that are not
 * CloudEvents), so the AMQP consumer ({@link AmqpBody}) and the HTTP adapter ({@link CloudEventBody})
 * check the same attribute. Freshness is not enforced: a message may wait in a queue, or a DLQ, for
 * as long as an outage lasts; a replay of a genuine message is absorbed by the handlers' idempotency.
 *
 * <p><b>HTTP.</b> Internal endpoints not fed by the broker take the secret as a bearer token,
 * compared by {@link #acceptsBearer} (hash to hash, constant time).
 *
 * <p><b>Rotation.</b> Messages are signed with the current secret; the current and the previous
 * secret ({@code sandesh.internal.previous-secret}) are accepted, so a secret can be rotated without
 * refusing messages already in the queues: deploy {@code previous=old, secret=new} everywhere, wait
 * until the old queues drained, then drop the previous secret.
 *
 * <p>Each service {@link #install installs} its instance at startup, before its messaging starts;
 * {@link AmqpBody} and {@link WireMessages} use the installed one. Secrets are never logged, and
 * {@link #toString()} does not show them.
 */
public final class InternalSignature {

    /** The CloudEvents extension attribute (lower-case alphanumerics, at most 20 characters). */
    public static final String EXTENSION = "sandeshsignature";
    /** The CloudEvents binary-mode prefix, on AMQP (RabbitMQ binding) and HTTP alike. */
    public static final String PREFIX = "ce-";
    public static final String SIGNATURE_HEADER = PREFIX + EXTENSION;
    public static final String SPEC_VERSION_HEADER = PREFIX + "specversion";
    public static final String ID_HEADER = PREFIX + "id";
    public static final String SOURCE_HEADER = PREFIX + "source";
    public static final String TYPE_HEADER = PREFIX + "type";
    public static final String TIME_HEADER = PREFIX + "time";
    public static final String SPEC_VERSION = "1.0";
    public static final String SOURCE = "/sandesh";
    /** Shorter secrets are refused at startup: an HMAC key this short could be guessed. */
    public static final int MINIMUM_SECRET_LENGTH = 16;

    private static final String SCHEME = "v1";
    private static final String SCHEME_PREFIX = SCHEME + "=";
    private static final byte[] DOMAIN = "sandesh-v1".getBytes(StandardCharsets.UTF_8);
    private static final String HMAC = "HmacSHA256";

    private static volatile InternalSignature installed;

    /** The current secret first, then the previous one if any. */
    private final List<SecretKeySpec> keys;
    private final List<byte[]> bearerHashes;

    private InternalSignature(List<String> secrets) {
        List<SecretKeySpec> k = new ArrayList<>();
        List<byte[]> h = new ArrayList<>();
        for (String secret : secrets) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            k.add(new SecretKeySpec(bytes, HMAC));
            h.add(sha256(bytes));
        }
        this.keys = List.copyOf(k);
        this.bearerHashes = List.copyOf(h);
    }

    /**
     * @param secret         {@code sandesh.internal.secret}: signs, and is accepted
     * @param previousSecret {@code sandesh.internal.previous-secret}: accepted too, while rotating
     * @throws IllegalArgumentException naming the key when a secret is blank or too short (never its value)
     */
    public static InternalSignature of(String secret, Optional<String> previousSecret) {
        List<String> secrets = new ArrayList<>();
        secrets.add(checked("sandesh.internal.secret", secret));
        previousSecret.filter(p -> !p.isBlank())
                .map(p -> checked("sandesh.internal.previous-secret", p))
                .filter(p -> !p.equals(secret))
                .ifPresent(secrets::add);
        return new InternalSignature(secrets);
    }

    private static String checked(String key, String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(key + " is empty");
        }
        if (secret.length() < MINIMUM_SECRET_LENGTH) {
            throw new IllegalArgumentException(key + " must be at least " + MINIMUM_SECRET_LENGTH + " characters long");
        }
        return secret;
    }

    /** Makes this the instance {@link AmqpBody} and {@link WireMessages} use (each service does, at startup). */
    public static void install(InternalSignature signature) {
        installed = Objects.requireNonNull(signature, "signature");
    }

    /**
     * The installed instance.
     *
     * @throws IllegalStateException when none is installed yet: not poison, the message is retried
     */
    public static InternalSignature installed() {
        InternalSignature current = installed;
        if (current == null) {
            throw new IllegalStateException("no internal secret installed yet (sandesh.internal.secret)");
        }
        return current;
    }

    /**
     * The CloudEvents attributes (as {@code ce-*} header names and string values) that make a message
     * of {@code type} with {@code body} a signed binary-mode CloudEvent: a fresh id, now as its time.
     */
    public Map<String, String> headers(String type, byte[] body) {
        return headers(type, UUID.randomUUID().toString(), Instant.now(), body);
    }

    /** As {@link #headers(String, byte[])} with a given id and time (the time is kept to the second). */
    public Map<String, String> headers(String type, String id, Instant time, byte[] body) {
        String at = time.truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION_HEADER, SPEC_VERSION);
        headers.put(ID_HEADER, id);
        headers.put(SOURCE_HEADER, SOURCE);
        headers.put(TYPE_HEADER, type);
        headers.put(TIME_HEADER, at);
        headers.put(SIGNATURE_HEADER, sign(type, id, at, body));
        return headers;
    }

    /** {@code v1=<base64url HMAC>} of the canonical form, with the current secret. */
    public String sign(String type, String id, String time, byte[] body) {
        return SCHEME_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.getFirst(), canonical(type, id, time, body)));
    }

    /**
     * Checks a message's signature against the current and the previous secret (each compared in
     * constant time, every key tried whatever matched).
     *
     * @throws ForgedMessageException unsigned (no signature, id, type or time) or not signed by us
     */
    public void verify(Attributes attributes, byte[] body) {
        if (attributes.signature() == null || attributes.signature().isBlank()) {
            throw new ForgedMessageException(true, "unsigned internal message: no " + EXTENSION + " attribute");
        }
        if (attributes.type() == null || attributes.id() == null || attributes.time() == null) {
            throw new ForgedMessageException(true, "unsigned internal message: the CloudEvent type, id or time is missing");
        }
        String presented = attributes.signature().trim();
        if (!presented.startsWith(SCHEME_PREFIX)) {
            throw new ForgedMessageException(false, "internal message signature of an unknown scheme");
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(presented.substring(SCHEME_PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            throw new ForgedMessageException(false, "internal message signature is not base64url");
        }
        byte[] canonical;
        try {
            canonical = canonical(attributes.type(), attributes.id(), attributes.time(), body);
        } catch (DateTimeParseException badTime) {
            throw new ForgedMessageException(false, "internal message time is not an RFC 3339 timestamp");
        }
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            matched |= MessageDigest.isEqual(mac(key, canonical), given);
        }
        if (!matched) {
            throw new ForgedMessageException(false, "internal message signature does not match: forged, altered, or signed with another secret");
        }
    }

    /** Whether a presented bearer token is the current or the previous secret (hash to hash, constant time). */
    public boolean acceptsBearer(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        byte[] given = sha256(token.getBytes(StandardCharsets.UTF_8));
        boolean matched = false;
        for (byte[] hash : bearerHashes) {
            matched |= MessageDigest.isEqual(hash, given);
        }
        return matched;
    }

    /** What to send as {@code Authorization: Bearer ...} on internal calls: the current secret. Never log it. */
    public String bearerToken() {
        return new String(keys.getFirst().getEncoded(), StandardCharsets.UTF_8);
    }

    /** How many secrets are accepted (1, or 2 while rotating). */
    public int acceptedSecrets() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "InternalSignature[" + keys.size() + " secret(s), values hidden]";
    }

    private static byte[] canonical(String type, String id, String time, byte[] body) {
        byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] timeBytes = Long.toString(epochSecond(time)).getBytes(StandardCharsets.UTF_8);
        byte[] data = body == null ? new byte[0] : body;
        ByteBuffer buffer = ByteBuffer.allocate(5 * Integer.BYTES + DOMAIN.length + typeBytes.length + idBytes.length + timeBytes.length + data.length);
        for (byte[] field : new byte[][]{DOMAIN, typeBytes, idBytes, timeBytes, data}) {
            buffer.putInt(field.length).put(field);
        }
        return buffer.array();
    }

    /** RFC 3339 as any CloudEvents SDK may re-format it (fractions, offsets): only the instant counts, to the second. */
    private static long epochSecond(String time) {
        return OffsetDateTime.parse(time.trim()).toEpochSecond();
    }

    private static byte[] mac(SecretKeySpec key, byte[] canonical) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(canonical);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The attributes a signature covers, as a message carries them.
     *
     * @param signature the {@value #EXTENSION} attribute, null when absent
     */
    public record Attributes(String type, String id, String time, String signature) {

        /** From {@code ce-*} headers (AMQP or HTTP binary mode), looked up by name. */
        public static Attributes fromHeaders(Function<String, String> header) {
            return new Attributes(header.apply(TYPE_HEADER), header.apply(ID_HEADER), header.apply(TIME_HEADER), header.apply(SIGNATURE_HEADER));
        }
    }
}
