package io.consentry.face.packbuild;

import io.consentry.face.npm.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fused build takes its models from the base pack only after re-checking each file against the base's pins. */
class BasePackTest {
    static Path base(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("det.onnx"), "detector");
        Files.writeString(dir.resolve("rec.onnx"), "recogniser");
        Files.writeString(dir.resolve(PackDirectory.MANIFEST), """
                format=consentry-model-pack/1
                models=detect,embed,age
                model.detect.file=det.onnx
                model.detect.sha256=%s
                model.embed.file=rec.onnx
                model.embed.sha256=%s
                model.age.file=age.onnx
                model.age.sha256=%s
                model.age.optional=true
                """.formatted(Sha256.of("detector".getBytes()), Sha256.of("recogniser".getBytes()), "0".repeat(64)));
        return dir;
    }

    @Test
    void presentModelsAreVerifiedAndAnAbsentOptionalOneIsLeftOut(@TempDir Path dir) throws Exception {
        BasePack b = BasePack.verified(base(dir.resolve("base")));
        assertThat(b.has("detect")).isTrue();
        assertThat(b.file("embed")).isEqualTo(dir.resolve("base/rec.onnx"));
        assertThat(b.has("age")).isFalse();
        assertThatThrownBy(() -> b.file("age")).hasMessageContaining("no 'age' model");
    }

    @Test
    void aChangedBaseModelIsRefused(@TempDir Path dir) throws Exception {
        Path d = base(dir.resolve("base"));
        Files.writeString(d.resolve("rec.onnx"), "recogniser, altered");
        assertThatThrownBy(() -> BasePack.verified(d)).hasMessageContaining("SHA-256 MISMATCH for base pack model");
    }

    @Test
    void aMissingRequiredModelOrManifestIsRefused(@TempDir Path dir) throws Exception {
        Path d = base(dir.resolve("base"));
        Files.delete(d.resolve("det.onnx"));
        assertThatThrownBy(() -> BasePack.verified(d)).hasMessageContaining("base pack model file missing");
        assertThatThrownBy(() -> BasePack.verified(dir.resolve("never-built"))).hasMessageContaining("base pack not built");
    }

    @Test
    void aModelPathMayNotLeaveThePack(@TempDir Path dir) throws Exception {
        Path d = base(dir.resolve("base"));
        Files.writeString(dir.resolve("outside.onnx"), "detector");
        Files.writeString(d.resolve(PackDirectory.MANIFEST), Files.readString(d.resolve(PackDirectory.MANIFEST))
                .replace("model.detect.file=det.onnx", "model.detect.file=../outside.onnx"));
        assertThatThrownBy(() -> BasePack.verified(d)).hasMessageContaining("escapes");
    }
}
