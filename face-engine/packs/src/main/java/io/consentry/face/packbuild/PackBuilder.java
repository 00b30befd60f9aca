package io.consentry.face.packbuild;

import io.consentry.face.npm.NpmTarball;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Build-time tool (run by the face-engine build through exec-maven-plugin): verifies the npm tarball of a pack against
 * the pinned SHA-256, extracts the model files the pinned manifest template names (see {@link PackTemplate}), verifies
 * each file's SHA-256 and writes {@code <out>/<pack-id>/} with the template as its manifest. Any mismatch fails the
 * build and leaves no pack behind.
 *
 * <p>Usage: {@code PackBuilder <tarball.tgz> <out-root> <pack-id>}
 */
public final class PackBuilder {
    private final PackTemplate template;

    public PackBuilder(PackTemplate template) {
        this.template = template;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: PackBuilder <tarball.tgz> <out-root> <pack-id>");
        }
        Path out = new PackBuilder(PackTemplate.pinned(args[2])).build(new NpmTarball(Path.of(args[0])), Path.of(args[1]), args[2]);
        System.out.println("[face-engine] model pack verified and ready: " + out.toAbsolutePath());
    }

    public Path build(NpmTarball tarball, Path outRoot, String packId) throws IOException {
        if (!tarball.exists()) {
            throw new IllegalStateException("model pack tarball not found: " + tarball.file());
        }
        String expectedTar = template.require("pack.source.sha256");
        String actualTar = tarball.sha256();
        if (!actualTar.equals(expectedTar)) {
            throw new IllegalStateException("SHA-256 MISMATCH for " + tarball.file() + ": expected " + expectedTar
                    + ", found " + actualTar + ". Refusing to build the model pack (delete the file to re-fetch).");
        }
        PackDirectory dir = PackDirectory.stage(outRoot, packId);
        try {
            Map<String, Path> targets = new HashMap<>();
            Map<String, String> roleOf = new HashMap<>();
            for (String role : template.roles()) {
                targets.put(template.source(role), dir.path().resolve(template.file(role)));
                roleOf.put(template.source(role), role);
            }
            template.extraFiles().forEach((source, file) -> targets.put(source, dir.path().resolve(file)));
            Map<String, String> written = tarball.extract(targets);
            if (written.size() != targets.size()) {
                throw new IllegalStateException("tarball lacks some pinned files: found " + written.size() + " of "
                        + targets.size() + ", missing " + targets.keySet().stream().filter(k -> !written.containsKey(k)).sorted().toList());
            }
            for (Map.Entry<String, String> e : roleOf.entrySet()) {
                String expected = template.sha256(e.getValue());
                String actual = written.get(e.getKey());
                if (!actual.equals(expected)) {
                    throw new IllegalStateException("SHA-256 MISMATCH for model '" + e.getValue() + "' (" + e.getKey()
                            + "): expected " + expected + ", found " + actual);
                }
            }
            dir.writeManifest(template);
            return dir.commit();
        } catch (IOException | RuntimeException e) {
            dir.discard();
            throw e;
        }
    }
}
