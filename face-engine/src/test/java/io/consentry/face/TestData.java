package io.consentry.face;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates shared test data and the built pack; both overridable by system properties. */
public final class TestData {
    private static FaceEngine engine;

    private TestData() {
    }

    /** {@code -Dconsentry.testdata}, default ../../shared/testdata relative to the module dir. */
    public static Path root() {
        String p = System.getProperty("consentry.testdata");
        Path r = p != null && !p.isBlank() ? Path.of(p) : Path.of("../../shared/testdata");
        // Missing data fails the run instead of skipping: a suite that silently skips its real-photo tests proves nothing.
        if (!Files.isDirectory(r)) {
            throw new IllegalStateException("test data not found at " + r.toAbsolutePath() + " (set -Dconsentry.testdata)");
        }
        return r;
    }

    public static Path faces() {
        return root().resolve("faces");
    }

    public static Path lfw() {
        return root().resolve("lfw-dev");
    }

    public static byte[] face(String name) {
        return read(faces().resolve(name));
    }

    public static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path packDir() {
        String p = System.getProperty(FaceEngine.PACK_DIR_PROPERTY);
        return p != null ? Path.of(p) : Path.of("target/model-packs/" + FaceEngine.DEFAULT_PACK_ID);
    }

    /** One shared engine for the whole test JVM (loading verifies ~40 MB of hashes). */
    public static synchronized FaceEngine engine() {
        if (engine == null) {
            engine = FaceEngine.load(packDir());
        }
        return engine;
    }
}
