package io.consentry.face.packbuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A pack being written: everything goes to {@code <root>/<pack-id>.tmp} and is moved to {@code <root>/<pack-id>} in
 * one step once every pin held, so a failed build leaves no half-written pack where the engine looks for one.
 */
final class PackDirectory {
    /**
     * The manifest's file name, the one the engine's {@code ModelPack.MANIFEST} reads (format: face-engine/README.md,
     * "Model pack manifest"). The engine's tests load every built pack through {@code ModelPack.load(dir, true)}, so a
     * drift between the two fails the build.
     */
    static final String MANIFEST = "pack.properties";

    private final Path target;
    private final Path staging;

    private PackDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    static PackDirectory stage(Path root, String packId) throws IOException {
        PackDirectory d = new PackDirectory(root.resolve(packId), root.resolve(packId + ".tmp"));
        deleteTree(d.staging);
        Files.createDirectories(d.staging);
        return d;
    }

    /** Where files go until {@link #commit()}. */
    Path path() {
        return staging;
    }

    void writeManifest(PackTemplate template) throws IOException {
        Files.writeString(staging.resolve(MANIFEST), template.text(), StandardCharsets.UTF_8);
    }

    /** Replaces {@code <root>/<pack-id>} with what was staged. */
    Path commit() throws IOException {
        deleteTree(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    void discard() throws IOException {
        deleteTree(staging);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
