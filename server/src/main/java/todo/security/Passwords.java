package todo.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 with a random per-user salt. Deliberately slow: call only from the crypto executor,
 * never from the event-loop thread or the database writer.
 */
public final class Passwords {
    public static final int SALT_BYTES = 16;
    public static final int HASH_BYTES = 32;
    /** OWASP's current advice for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** A salted hash of a new password. */
    public record Hashed(byte[] salt, byte[] hash, int iterations) {}

    public static Hashed hash(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new Hashed(salt, derive(password, salt, iterations), iterations);
    }

    /** Constant-time comparison of the derived key with the stored one. */
    public static boolean verify(String password, byte[] salt, byte[] expected, int iterations) {
        return MessageDigest.isEqual(derive(password, salt, iterations), expected);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
