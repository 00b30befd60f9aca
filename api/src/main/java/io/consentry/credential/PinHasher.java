package io.consentry.credential;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PIN hashing with the JDK's PBKDF2WithHmacSHA256 (no extra dependency), a 16-byte random salt and a configurable
 * iteration count stored with each hash, so the count can be raised without invalidating existing PINs.
 * A PIN has little entropy whatever the hash: the lockout in {@link Credentials} is what stops guessing online.
 * Format: {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 */
@ApplicationScoped
public class PinHasher {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final SecureRandom random = new SecureRandom();

    private final int iterations;

    PinHasher(@ConfigProperty(name = "consentry.credential.pin-iterations", defaultValue = "210000") int iterations) {
        this.iterations = iterations;
    }

    public String hash(String pin) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return PREFIX + "$" + iterations + "$" + b64(salt) + "$" + b64(derive(pin, salt, iterations));
    }

    /** Constant-time comparison; a malformed stored hash never matches. */
    public boolean matches(String pin, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int rounds = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(pin, salt, rounds));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] derive(String pin, byte[] salt, int rounds) {
        PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
