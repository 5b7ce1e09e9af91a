package io.anneal.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys look like {@code ak_<id>_<secret>}: the id is public (stored, listed, logged: the key's prefix),
 * the secret is 256 random bits of which only a salted SHA-256 is stored. A slow password hash would buy
 * nothing for a secret that long, and would make every uncached request slow.
 */
final class ApiKeyFormat {

    /** The id of the key an operator configures (ANNEAL_ADMIN_KEY), whose text has no format of ours. */
    static final String CONFIGURED_ID = "configured-admin";
    private static final Pattern KEY = Pattern.compile("ak_([a-z2-7]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private ApiKeyFormat() {
    }

    record Parsed(String id, String secret) {
    }

    record Generated(String id, String key, String secret) {
    }

    static Generated generate(SecureRandom random) {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(BASE32[random.nextInt(BASE32.length)]);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Generated(id.toString(), "ak_" + id + "_" + text, text);
    }

    /** The id and secret of a key of our format; empty for any other text. */
    static Optional<Parsed> parse(String key) {
        Matcher matcher = KEY.matcher(key);
        return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The shown prefix of a key with that id. */
    static String prefix(String id) {
        return id.equals(CONFIGURED_ID) ? CONFIGURED_ID : "ak_" + id;
    }

    static byte[] salt(SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return salt;
    }

    static byte[] hash(byte[] salt, String secret) {
        MessageDigest sha256 = sha256();
        sha256.update(salt);
        return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** A digest of the whole key, under which a verified key is cached (never the key itself). */
    static String cacheKey(String key) {
        return Base64.getEncoder().encodeToString(sha256().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
