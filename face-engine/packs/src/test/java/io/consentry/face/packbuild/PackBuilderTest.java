package io.consentry.face.packbuild;

import io.consentry.face.npm.NpmTarball;
import io.consentry.face.npm.Sha256;
import io.consentry.face.npm.TestTarballs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default-pack build on a synthetic npm tarball: what it writes, and that every broken pin fails it. */
class PackBuilderTest {
    static final byte[] DETECT = "stand-in detector".getBytes(StandardCharsets.UTF_8);
    static final byte[] EMBED = "stand-in recogniser".getBytes(StandardCharsets.UTF_8);

    static Path tarball(Path dir, byte[] detect) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.put("package/LICENSE", "MIT".getBytes(StandardCharsets.UTF_8));
        files.put("package/model/det.onnx", detect);
        files.put("package/model/unused.onnx", new byte[10]);
        files.put("package/model/rec.onnx", EMBED);
        return TestTarballs.write(dir.resolve("pkg-" + Sha256.of(detect).substring(0, 8) + ".tgz"), files);
    }

    static String template(String tarballSha, String detectSha) {
        return """
                # a comment the manifest keeps
                format=consentry-model-pack/1
                pack.id=test-1
                pack.version=1
                pack.family=faceplugin
                pack.licence=test
                pack.source.sha256=%s
                pack.source.extra-files=package/LICENSE=LICENSE.upstream
                models=detect,embed
                model.detect.file=fr_detect.onnx
                model.detect.source=package/model/det.onnx
                model.detect.sha256=%s
                model.embed.file=fr_feature.onnx
                model.embed.source=package/model/rec.onnx
                model.embed.sha256=%s
                """.formatted(tarballSha, detectSha, Sha256.of(EMBED));
    }

    @Test
    void writesThePinnedFilesAndTheTemplateAsManifest(@TempDir Path dir) throws Exception {
        Path tgz = tarball(dir, DETECT);
        String text = template(Sha256.of(tgz), Sha256.of(DETECT));
        Path pack = new PackBuilder(PackTemplate.of(text)).build(new NpmTarball(tgz), dir.resolve("packs"), "test-1");

        assertThat(pack).isEqualTo(dir.resolve("packs/test-1"));
        try (var s = Files.list(pack)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("fr_detect.onnx", "fr_feature.onnx", "LICENSE.upstream", PackDirectory.MANIFEST);
        }
        assertThat(Files.readAllBytes(pack.resolve("fr_detect.onnx"))).isEqualTo(DETECT);
        assertThat(Files.readAllBytes(pack.resolve("fr_feature.onnx"))).isEqualTo(EMBED);
        assertThat(Files.readString(pack.resolve(PackDirectory.MANIFEST))).isEqualTo(text);
        assertThat(dir.resolve("packs/test-1.tmp")).doesNotExist();
    }

    @Test
    void aTarballThatIsNotThePinnedOneBuildsNothing(@TempDir Path dir) throws Exception {
        Path tgz = tarball(dir, DETECT);
        PackBuilder b = new PackBuilder(PackTemplate.of(template("0".repeat(64), Sha256.of(DETECT))));
        assertThatThrownBy(() -> b.build(new NpmTarball(tgz), dir.resolve("packs"), "test-1"))
                .hasMessageContaining("SHA-256 MISMATCH for " + tgz);
        assertThat(dir.resolve("packs/test-1")).doesNotExist();
        assertThatThrownBy(() -> b.build(new NpmTarball(dir.resolve("absent.tgz")), dir.resolve("packs"), "test-1"))
                .hasMessageContaining("tarball not found");
    }

    /** A pinned tarball whose model is not the pinned model (a wrong pin, or a tampered cache) leaves the last good pack. */
    @Test
    void aModelThatIsNotThePinnedOneKeepsThePreviousPack(@TempDir Path dir) throws Exception {
        Path good = tarball(dir, DETECT);
        Path packs = dir.resolve("packs");
        new PackBuilder(PackTemplate.of(template(Sha256.of(good), Sha256.of(DETECT)))).build(new NpmTarball(good), packs, "test-1");

        Path other = tarball(dir, "another detector".getBytes(StandardCharsets.UTF_8));
        PackBuilder b = new PackBuilder(PackTemplate.of(template(Sha256.of(other), Sha256.of(DETECT))));
        assertThatThrownBy(() -> b.build(new NpmTarball(other), packs, "test-1"))
                .hasMessageContaining("SHA-256 MISMATCH for model 'detect' (package/model/det.onnx)");
        assertThat(Files.readAllBytes(packs.resolve("test-1/fr_detect.onnx"))).isEqualTo(DETECT);
        assertThat(packs.resolve("test-1.tmp")).doesNotExist();
    }

    @Test
    void aPinnedFileMissingFromTheTarballFailsTheBuild(@TempDir Path dir) throws Exception {
        Path tgz = tarball(dir, DETECT);
        String text = template(Sha256.of(tgz), Sha256.of(DETECT)).replace("package/model/rec.onnx", "package/model/gone.onnx");
        assertThatThrownBy(() -> new PackBuilder(PackTemplate.of(text)).build(new NpmTarball(tgz), dir.resolve("packs"), "test-1"))
                .hasMessageContaining("tarball lacks some pinned files").hasMessageContaining("package/model/gone.onnx");
        assertThat(dir.resolve("packs/test-1")).doesNotExist();
        assertThat(dir.resolve("packs/test-1.tmp")).doesNotExist();
    }
}
