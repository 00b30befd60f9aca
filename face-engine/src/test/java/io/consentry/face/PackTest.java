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

    /**
     * The packs the build wrote (face-engine/packs, which does not depend on this module) pass the runtime's own
     * loader with every SHA-256 checked: the check the builders no longer make themselves.
     */
    @Test
    void bothBuiltPacksLoadThroughTheRuntimeLoader() {
        Path fusedDir = Path.of(System.getProperty("consentry.fused.pack-dir", "target/model-packs/faceplugin-dlib-0.1"));
        ModelPack base = ModelPack.load(TestData.packDir(), true);
        ModelPack fused = ModelPack.load(fusedDir, true);
        assertThat(base.id()).isEqualTo(TestData.packDir().getFileName().toString()).isEqualTo(FaceEngine.DEFAULT_PACK_ID);
        assertThat(fused.id()).isEqualTo(fusedDir.getFileName().toString()).isEqualTo("faceplugin-dlib-0.1");
        assertThat(base.models().keySet()).containsExactly("detect", "landmark", "embed", "liveness", "age", "gender", "expression");
        assertThat(fused.models().keySet()).containsExactly("detect", "landmark", "embed", "embed2", "liveness", "age", "gender", "expression");
        for (String role : base.models().keySet()) {
            assertThat(fused.model(role).sha256()).as(role).isEqualTo(base.model(role).sha256());
        }
        assertThat(fused.fusion()).isNotNull();
        assertThat(base.dir().resolve("LICENSE.upstream")).isRegularFile();
        assertThat(fused.dir().resolve("LICENSE.face-api.upstream")).isRegularFile();
        assertThat(base.dir().resolveSibling(base.id() + ".tmp")).doesNotExist();
    }

    /** Rates the calibration data cannot vouch for out of sample are in the manifest, marked, and never selectable. */
    @Test
    void provisionalRatesAreMarkedAndNeverUsedForDecisions() {
        ModelPack p = ModelPack.load(TestData.packDir(), false);
        assertThat(p.allFarThresholds()).containsKeys(1e-2, 1e-3, 1e-4, 1e-5, 1e-6);
        assertThat(p.provisionalFars()).containsExactly(1e-6, 1e-5);
        assertThat(p.farThresholds()).containsOnlyKeys(1e-2, 1e-3, 1e-4);
        assertThat(p.farEvidence(1e-4)).contains("impostor pairs", "out of sample");
        Decision d = TestData.engine().decision();
        assertThat(d.selectableFars()).containsExactly(1e-4, 1e-3, 1e-2);
        assertThatThrownBy(() -> d.threshold(1e-5)).isInstanceOf(IllegalArgumentException.class);
        // the fused pack's 1e-5 held out of sample (0.76x nominal), so it is selectable there
        ModelPack fused = ModelPack.load(Path.of(System.getProperty("consentry.fused.pack-dir")), false);
        assertThat(fused.farThresholds()).containsKey(1e-5).doesNotContainKey(1e-6);
        assertThat(fused.identificationCalibration().calibrated()).isTrue();
    }

    @Test
    void aMalformedCalibrationMakesThePackInvalid(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.onnx"), "stand-in");
        String base = """
                format=consentry-model-pack/1
                pack.id=x
                pack.version=1
                pack.family=faceplugin
                pack.licence=x
                models=detect
                model.detect.file=m.onnx
                model.detect.sha256=%s
                calibration.threshold.far.0.001=0.3
                """.formatted("0".repeat(64));
        Files.writeString(dir.resolve(ModelPack.MANIFEST), base + "identification.fpir.0.01=100:0.41:0.03,1000:high:0.06\n");
        assertThatThrownBy(() -> ModelPack.load(dir, false).identificationCalibration())
                .isInstanceOfSatisfying(FaceEngineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MODEL_PACK));
        Files.writeString(dir.resolve(ModelPack.MANIFEST), base + "calibration.far.0.001.status=maybe\n");
        assertThatThrownBy(() -> ModelPack.load(dir, false).farThresholds()).hasMessageContaining("selectable or provisional");
        Files.writeString(dir.resolve(ModelPack.MANIFEST), base + "calibration.far.0.001.status=provisional\n");
        assertThat(ModelPack.load(dir, false).farThresholds()).as("nothing selectable").isEmpty();
        assertThat(ModelPack.load(dir, false).identificationCalibration().calibrated()).isFalse();
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
