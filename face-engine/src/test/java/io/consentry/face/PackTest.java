package io.consentry.face;

import io.consentry.face.pack.ModelPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackTest {
    @Test
    void defaultPackIsBuiltVerifiedAndCalibrated() {
        ModelPack p = ModelPack.load(TestData.packDir());
        assertThat(p.id()).isEqualTo("faceplugin-0.0.1");
        assertThat(p.models().keySet()).contains("detect", "landmark", "embed", "liveness", "age", "gender", "expression");
        assertThat(p.model("embed").sha256()).isEqualTo("87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
        assertThat(p.licence()).contains("MIT");
        assertThat(p.provenance()).contains("UNDOCUMENTED");
        assertThat(p.farThresholds()).containsKeys(0.01, 0.001, 0.0001);
        assertThat(p.property("calibration.data", "")).contains("LFW");
    }

    static String sha(byte[] b) throws Exception {
        return ModelPack.sha256(new ByteArrayInputStream(b));
    }

    /** An operator's local pack, e.g. OpenCV Zoo YuNet + SFace, in the same manifest format. */
    @Test
    void loadsALocalDirectoryPackManifest(@TempDir Path dir) throws Exception {
        byte[] det = "stand-in for face_detection_yunet_2023mar.onnx".getBytes();
        byte[] rec = "stand-in for face_recognition_sface_2021dec.onnx".getBytes();
        Files.write(dir.resolve("face_detection_yunet_2023mar.onnx"), det);
        Files.write(dir.resolve("face_recognition_sface_2021dec.onnx"), rec);
        String manifest = """
                format=consentry-model-pack/1
                pack.id=opencv-zoo-yunet-sface-1
                pack.version=2023mar
                pack.family=yunet-sface
                pack.licence=MIT (YuNet), Apache-2.0 (SFace) - operator supplied
                pack.provenance=OpenCV Zoo, copied by the operator
                models=detect,embed
                model.detect.file=face_detection_yunet_2023mar.onnx
                model.detect.sha256=%s
                model.detect.input=1x3xHxW
                model.detect.colour=BGR
                model.detect.normalisation=x
                model.detect.output=YuNet faces [N,15]
                model.embed.file=face_recognition_sface_2021dec.onnx
                model.embed.sha256=%s
                model.embed.input=1x3x112x112
                model.embed.colour=BGR
                model.embed.normalisation=x
                model.embed.output=[1,128]
                calibration.threshold.far.0.001=0.363
                """.formatted(sha(det), sha(rec));
        Files.writeString(dir.resolve("pack.properties"), manifest);
        ModelPack p = ModelPack.load(dir);
        assertThat(p.id()).isEqualTo("opencv-zoo-yunet-sface-1");
        assertThat(p.family()).isEqualTo("yunet-sface");
        assertThat(p.model("embed").input()).isEqualTo("1x3x112x112");
        assertThat(p.farThresholds()).containsEntry(0.001, 0.363f);
        // this engine version implements the faceplugin family only: a clear typed error, not a crash
        assertThatThrownBy(() -> FaceEngine.load(dir)).isInstanceOfSatisfying(FaceEngineException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MODEL_PACK));

        // tampering with a model file is detected
        Files.write(dir.resolve("face_recognition_sface_2021dec.onnx"), new byte[] {1}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ModelPack.load(dir)).hasMessageContaining("SHA-256 mismatch");
    }

    @Test
    void rejectsBrokenManifests(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ModelPack.load(dir)).hasMessageContaining("no pack.properties");
        Files.writeString(dir.resolve("pack.properties"), "format=something-else\n");
        assertThatThrownBy(() -> ModelPack.load(dir)).hasMessageContaining("format");
        Files.writeString(dir.resolve("pack.properties"), """
                format=consentry-model-pack/1
                pack.id=x
                pack.version=1
                pack.family=faceplugin
                pack.licence=x
                models=detect
                model.detect.file=../../etc/passwd
                model.detect.sha256=%s
                """.formatted("0".repeat(64)));
        assertThatThrownBy(() -> ModelPack.load(dir)).hasMessageContaining("escapes");
    }

    /** The default pack copied elsewhere loads through the same local-directory path. */
    @Test
    void copiedDefaultPackRunsFromAnyDirectory(@TempDir Path dir) throws Exception {
        try (var s = Files.list(TestData.packDir())) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        try (FaceEngine e = FaceEngine.load(dir, EngineConfig.defaults().withPoolSize(1))) {
            Face f = e.analyzeSingle(TestData.face("obama_7_small.jpg"), AnalyzeOptions.defaults().withLiveness(false));
            assertThat(f.template().packId()).isEqualTo("faceplugin-0.0.1");
        }
    }
}
