package io.consentry.face;

import io.consentry.face.pack.ModelPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A frame without a liveness score (NaN) never passes a liveness check. */
class LivenessFailsClosedTest {

    /** The default pack without its liveness model: the model files linked, the manifest rewritten. */
    @Test
    void aPackWithoutLivenessModelRefusesLivenessChecksInsteadOfPassingThem(@TempDir Path dir) throws Exception {
        Path pack = TestData.packDir();
        try (var files = Files.list(pack)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals(ModelPack.MANIFEST)) {
                    Files.createSymbolicLink(dir.resolve(f.getFileName()), f.toAbsolutePath());
                }
            }
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(pack.resolve(ModelPack.MANIFEST), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        p.setProperty("models", "detect,landmark,embed");
        p.setProperty("pack.id", "faceplugin-no-liveness-test");
        try (var w = Files.newBufferedWriter(dir.resolve(ModelPack.MANIFEST), StandardCharsets.UTF_8)) {
            p.store(w, "test: the default pack without its liveness model");
        }
        try (FaceEngine e = FaceEngine.load(dir, EngineConfig.defaults().withPoolSize(1))) {
            byte[] photo = TestData.face("obama_1.jpg");
            Face f = e.analyze(photo, AnalyzeOptions.defaults()).faces().get(0);
            assertThat(f.liveness()).as("no liveness model: no score").isNaN();
            assertThatThrownBy(() -> e.analyzeSingle(photo, AnalyzeOptions.defaults().withLiveness(true)))
                    .isInstanceOfSatisfying(FaceEngineException.class, ex -> {
                        assertThat(ex.code()).isEqualTo(ErrorCode.SPOOF_SUSPECTED);
                        assertThat(ex.getMessage()).contains("fails closed");
                    });
            assertThat(e.analyzeSingle(photo, AnalyzeOptions.defaults().withLiveness(false)).template()).isNotNull();
        }
    }

    @Test
    void aLiveScoreAtTheShippedThresholdPassesAndTheThresholdIsTheCalibratedOne() {
        FaceEngine e = TestData.engine();
        assertThat(e.pack().property("model.liveness.calibration", "")).contains("BPCER");
        Face f = e.analyzeSingle(TestData.face("obama_1.jpg"), AnalyzeOptions.defaults().withLiveness(true));
        assertThat(f.liveness()).isGreaterThanOrEqualTo(e.livenessThreshold());
    }
}
