package todo.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/** Session tokens: 256 random bits in base64url; only their SHA-256 is ever stored. Thread-safe. */
public final class Tokens {
    public static final int TOKEN_BYTES = 32;
    public static final Duration LIFETIME = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /** A fresh token as the client sees it (43 characters, no padding). */
    public static String newToken() {
        byte[] b = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The stored form of a token. Cheap (one SHA-256 of 43 bytes): fine on the event loop. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
