package io.consentry.face.packbuild;

import io.consentry.face.convert.FaceApiConverter;
import io.consentry.face.npm.NpmTarball;
import io.consentry.face.npm.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;

/**
 * Build-time assembly of a two-recogniser pack: the models of a base pack (already built by {@link PackBuilder}, each
 * file re-checked against its SHA-256, e.g. faceplugin-0.0.1) plus dlib's ResNet descriptor converted from the npm
 * package {@code @vladmandic/face-api} by {@link FaceApiConverter}. The pinned manifest template ({@link PackTemplate})
 * pins the face-api tarball's SHA-256 ({@code pack.source2.sha256}) and the converted model's SHA-256
 * ({@code model.embed2.sha256}); any mismatch fails the build. Nothing converted is committed.
 *
 * <p>Usage: {@code FusedPackBuilder FACE_API_TARBALL PACKS_ROOT PACK_ID}
 */
public final class FusedPackBuilder {
    /** The role of the converted recogniser; every other role comes from the base pack. */
    static final String CONVERTED_ROLE = "embed2";

    private final PackTemplate template;

    public FusedPackBuilder(PackTemplate template) {
        this.template = template;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: FusedPackBuilder FACE_API_TARBALL PACKS_ROOT PACK_ID");
        }
        Path dir = new FusedPackBuilder(PackTemplate.pinned(args[2])).build(new NpmTarball(Path.of(args[0])), Path.of(args[1]), args[2]);
        System.out.println("[face-engine] fused model pack verified and ready: " + dir);
    }

    public Path build(NpmTarball faceApi, Path root, String packId) throws IOException {
        BasePack base = BasePack.verified(root.resolve(template.require("pack.base")));
        String tarSha = faceApi.sha256();
        if (!tarSha.equals(template.require("pack.source2.sha256"))) {
            throw new IllegalStateException("SHA-256 MISMATCH for " + faceApi.file() + ": expected " + template.require("pack.source2.sha256")
                    + ", found " + tarSha + ". Refusing to convert (delete the file to re-fetch).");
        }
        byte[] onnx = FaceApiConverter.convert(faceApi);
        String sha = Sha256.of(onnx);
        if (!sha.equals(template.sha256(CONVERTED_ROLE))) {
            throw new IllegalStateException("SHA-256 MISMATCH for the converted recogniser: expected "
                    + template.sha256(CONVERTED_ROLE) + ", produced " + sha + " (converter or input changed)");
        }
        PackDirectory dir = PackDirectory.stage(root, packId);
        try {
            for (String role : template.roles()) {
                if (role.equals(CONVERTED_ROLE)) {
                    continue;
                }
                if (!base.has(role)) {
                    if (Boolean.parseBoolean(template.get("model." + role + ".optional", "false"))) {
                        continue;
                    }
                    throw new IllegalStateException("base pack " + base.dir() + " lacks the required model '" + role + "'");
                }
                Path dst = dir.path().resolve(template.file(role));
                try {
                    Files.createLink(dst, base.file(role));
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(base.file(role), dst, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String f : new String[] {"LICENSE.upstream", "package.json.upstream"}) {
                if (Files.isRegularFile(base.dir().resolve(f))) {
                    Files.copy(base.dir().resolve(f), dir.path().resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.write(dir.path().resolve(template.file(CONVERTED_ROLE)), onnx);
            Map<String, byte[]> extra = faceApi.read(Set.of("package/LICENSE"));
            if (extra.containsKey("package/LICENSE")) {
                Files.write(dir.path().resolve("LICENSE.face-api.upstream"), extra.get("package/LICENSE"));
            }
            dir.writeManifest(template);
            return dir.commit();
        } catch (IOException | RuntimeException e) {
            dir.discard();
            throw e;
        }
    }
}
