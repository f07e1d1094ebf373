package dev.sandesh.broadcast.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys the campaign API accepts. Each configured entry is
 * {@code sha256:<64 hex digits>} (the SHA-256 of the key, what production should hold) or the
 * key itself (handy in dev), optionally preceded by {@code <name>=} (letters, digits, {@code . _ -};
 * the caller's identity in logs and idempotency) and optionally followed by
 * {@code @<phoneNumberId>|<phoneNumberId>...} to limit the key to campaigns of those numbers. An
 * unnamed key is named {@code key-<first 12 hex digits of its SHA-256>} (stable, not secret). Plain
 * keys are hashed at load, so a presented key is always compared hash to hash, in constant time.
 */
public final class ApiKeys {

    private static final String SHA256 = "sha256:";
    private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9._-]{0,63})=([^=].*)");

    /**
     * @param name           the caller's identity: never the key itself
     * @param phoneNumberIds the numbers this key may act for; empty means every number
     */
    public record Key(String name, byte[] hash, Set<String> phoneNumberIds) {

        public boolean allows(String phoneNumberId) {
            return phoneNumberIds.isEmpty() || phoneNumberIds.contains(phoneNumberId);
        }

        public boolean unrestricted() {
            return phoneNumberIds.isEmpty();
        }
    }

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public static ApiKeys parse(Collection<String> entries) {
        List<Key> keys = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int at = entry.lastIndexOf('@');
            Set<String> scope = new LinkedHashSet<>();
            String secret = entry;
            if (at > 0) {
                secret = entry.substring(0, at).trim();
                Arrays.stream(entry.substring(at + 1).split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).forEach(scope::add);
                if (scope.isEmpty()) {
                    throw new IllegalArgumentException("sandesh.api.keys: an entry ends in '@' without phone number ids");
                }
            }
            String name = null;
            java.util.regex.Matcher named = NAMED.matcher(secret);
            if (named.matches()) {
                name = named.group(1);
                secret = named.group(2).trim();
            }
            byte[] hash;
            if (secret.regionMatches(true, 0, SHA256, 0, SHA256.length())) {
                String hex = secret.substring(SHA256.length());
                if (!hex.matches("[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException("sandesh.api.keys: sha256: must be followed by 64 hex digits");
                }
                hash = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
            } else {
                hash = sha256(secret);
            }
            String identity = name != null ? name : "key-" + HexFormat.of().formatHex(hash).substring(0, 12);
            if (keys.stream().anyMatch(k -> k.name().equals(identity))) {
                throw new IllegalArgumentException("sandesh.api.keys: two entries are named " + identity);
            }
            keys.add(new Key(identity, hash, Set.copyOf(scope)));
        }
        return new ApiKeys(keys);
    }

    /** The key the caller presented, if it is one of ours. Every configured key is compared, whatever matched. */
    public Optional<Key> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = sha256(presented);
        Key found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.hash(), given) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return keys.size();
    }

    /** Every number some key is scoped to. */
    public Set<String> scopedNumbers() {
        Set<String> numbers = new LinkedHashSet<>();
        keys.forEach(key -> numbers.addAll(key.phoneNumberIds()));
        return numbers;
    }

    /** {@code sha256:<hex>} of a key, the form to put in {@code sandesh.api.keys}. */
    public static String hashed(String key) {
        return SHA256 + HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
