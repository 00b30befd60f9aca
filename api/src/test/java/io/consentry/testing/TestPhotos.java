package io.consentry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real test photos in ../shared/testdata/faces, read in place: they are never copied into the repository. */
public final class TestPhotos {

    private TestPhotos() {
    }

    /** -Dconsentry.testdata or CONSENTRY_TESTDATA (the testdata folder), else shared/testdata found walking up. */
    public static Path faces() {
        String override = System.getProperty("consentry.testdata", System.getenv("CONSENTRY_TESTDATA"));
        if (override != null) {
            return Path.of(override).resolve("faces");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/testdata/faces");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Test photos not found; set -Dconsentry.testdata=<shared/testdata>");
    }

    public static byte[] photo(String name) {
        try {
            return Files.readAllBytes(faces().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
