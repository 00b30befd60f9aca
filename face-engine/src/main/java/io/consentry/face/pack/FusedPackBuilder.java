package io.consentry.face.pack;

import io.consentry.face.convert.FaceApiConverter;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Build-time assembly of a two-recogniser pack: the models of a base pack (already built and
 * verified, e.g. faceplugin-0.0.1) plus dlib's ResNet descriptor converted from the npm package
 * {@code @vladmandic/face-api} by {@link FaceApiConverter}. The pinned manifest template
 * ({@code /io/consentry/face/packs/<pack-id>.properties}) pins the face-api tarball's SHA-256
 * ({@code pack.source2.sha256}) and the converted model's SHA-256 ({@code model.embed2.sha256});
 * any mismatch fails the build. Nothing converted is committed.
 *
 * <p>Usage: {@code FusedPackBuilder FACE_API_TARBALL PACKS_ROOT PACK_ID}
 */
public final class FusedPackBuilder {
    private FusedPackBuilder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FusedPackBuilder FACE_API_TARBALL PACKS_ROOT PACK_ID");
            System.exit(2);
        }
        Path dir = build(Path.of(args[0]), Path.of(args[1]), args[2]);
        System.out.println("[face-engine] fused model pack verified and ready: " + dir);
    }

    public static Path build(Path tarball, Path root, String packId) throws IOException {
        String res = "/io/consentry/face/packs/" + packId + ".properties";
        String text;
        try (InputStream in = FusedPackBuilder.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("no pinned manifest template " + res);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Properties tpl = new Properties();
        try (Reader r = new java.io.StringReader(text)) {
            tpl.load(r);
        }
        String baseId = tpl.getProperty("pack.base");
        ModelPack base = ModelPack.load(root.resolve(baseId), true);
        String tarSha = ModelPack.sha256(tarball);
        if (!tarSha.equals(tpl.getProperty("pack.source2.sha256"))) {
            throw new IllegalStateException("SHA-256 MISMATCH for " + tarball + ": expected " + tpl.getProperty("pack.source2.sha256")
                    + ", found " + tarSha + ". Refusing to convert (delete the file to re-fetch).");
        }
        byte[] onnx = FaceApiConverter.convert(tarball);
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!sha.equals(tpl.getProperty("model.embed2.sha256"))) {
            throw new IllegalStateException("SHA-256 MISMATCH for the converted recogniser: expected "
                    + tpl.getProperty("model.embed2.sha256") + ", produced " + sha + " (converter or input changed)");
        }
        Path dir = root.resolve(packId);
        Path tmp = root.resolve(packId + ".tmp");
        PackBuilder.deleteTree(tmp);
        Files.createDirectories(tmp);
        for (String role : tpl.getProperty("models").split(",")) {
            role = role.trim();
            if (role.equals("embed2") || !base.has(role)) {
                continue;
            }
            Path src = base.model(role).file();
            Path dst = tmp.resolve(tpl.getProperty("model." + role + ".file"));
            try {
                Files.createLink(dst, src);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (String f : new String[] {"LICENSE.upstream", "package.json.upstream"}) {
            if (Files.isRegularFile(base.dir().resolve(f))) {
                Files.copy(base.dir().resolve(f), tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.write(tmp.resolve(tpl.getProperty("model.embed2.file")), onnx);
        Map<String, byte[]> extra = PackBuilder.readEntries(tarball, Set.of("package/LICENSE", "package/package.json"));
        if (extra.containsKey("package/LICENSE")) {
            Files.write(tmp.resolve("LICENSE.face-api.upstream"), extra.get("package/LICENSE"));
        }
        Files.writeString(tmp.resolve(ModelPack.MANIFEST), text, StandardCharsets.UTF_8);
        ModelPack.load(tmp, true);
        PackBuilder.deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }
}
