package io.consentry.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * Development secrets (passwords, S3 keys) generated on first use and kept in a properties file
 * under the state directory, readable by the owner only. Nothing secret is ever in the repository,
 * and a second run finds the same values, so existing data stays reachable.
 */
public final class GeneratedSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final Path file;

    public GeneratedSecrets(Path file) {
        this.file = file;
    }

    /** The value stored under {@code key}, generating and persisting a random one of {@code length} if absent. */
    public synchronized String getOrCreate(String key, int length) {
        Properties values = load();
        String value = values.getProperty(key);
        if (value == null || value.isBlank()) {
            value = randomToken(length);
            values.setProperty(key, value);
            store(values);
        }
        return value;
    }

    public synchronized String get(String key) {
        return load().getProperty(key);
    }

    public Path file() {
        return file;
    }

    public static String randomToken(int length) {
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return token.toString();
    }

    private Properties load() {
        Properties values = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return values;
    }

    private void store(Properties values) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
                restrictToOwner(file);
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                values.store(writer, "Generated development secrets - local to this machine, never commit");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems: the state directory's own protection has to do.
        }
    }
}
