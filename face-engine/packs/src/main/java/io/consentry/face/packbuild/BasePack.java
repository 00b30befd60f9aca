package io.consentry.face.packbuild;

import io.consentry.face.npm.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pack this build wrote earlier, read back as the source of another pack's models: each present model file with
 * its SHA-256 checked against the pack's manifest (an optional model whose file is absent is left out, as the engine
 * does). Reads only the keys it needs; the engine's {@code ModelPack} stays the one full reader of the format.
 */
final class BasePack {
    private final Path dir;
    private final Map<String, Path> models;

    private BasePack(Path dir, Map<String, Path> models) {
        this.dir = dir;
        this.models = models;
    }

    static BasePack verified(Path dir) throws IOException {
        Path manifest = dir.resolve(PackDirectory.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("base pack not built: no " + PackDirectory.MANIFEST + " in " + dir);
        }
        PackTemplate m = PackTemplate.of(Files.readString(manifest, StandardCharsets.UTF_8));
        Map<String, Path> models = new LinkedHashMap<>();
        for (String role : m.roles()) {
            Path f = dir.resolve(m.file(role)).normalize();
            if (!f.startsWith(dir.normalize())) {
                throw new IllegalStateException("base pack model '" + role + "' escapes " + dir);
            }
            if (!Files.isRegularFile(f)) {
                if (Boolean.parseBoolean(m.get("model." + role + ".optional", "false"))) {
                    continue;
                }
                throw new IllegalStateException("base pack model file missing: " + f);
            }
            String actual = Sha256.of(f);
            if (!actual.equals(m.sha256(role))) {
                throw new IllegalStateException("SHA-256 MISMATCH for base pack model " + f + ": expected " + m.sha256(role)
                        + ", found " + actual);
            }
            models.put(role, f);
        }
        return new BasePack(dir, models);
    }

    Path dir() {
        return dir;
    }

    boolean has(String role) {
        return models.containsKey(role);
    }

    Path file(String role) {
        Path f = models.get(role);
        if (f == null) {
            throw new IllegalStateException("base pack " + dir + " has no '" + role + "' model");
        }
        return f;
    }
}
