package io.consentry.face;

import io.consentry.face.pack.ModelPack;
import io.consentry.face.pack.PackCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart data a pack ships ({@code PackCalibration}): where it is found, and that it backs the pack's numbers. */
class PackCalibrationTest {

    @Test
    void aPackDirectoryCalibrationFileWinsOverTheShippedOne(@TempDir Path dir) throws Exception {
        Path pack = standInPack(dir, FaceEngine.DEFAULT_PACK_ID);
        Files.writeString(pack.resolve(PackCalibration.FILE), "{\"local\": true}");
        assertThat(PackCalibration.json(ModelPack.load(pack, false))).contains("{\"local\": true}");
        Files.delete(pack.resolve(PackCalibration.FILE));
        assertThat(PackCalibration.json(ModelPack.load(pack, false))).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .as("the default pack's chart data ships in the jar").contains("\"packId\": \"" + FaceEngine.DEFAULT_PACK_ID + "\"");
        assertThat(PackCalibration.json(ModelPack.load(standInPack(dir.resolve("other"), "uncalibrated-1"), false))).isEmpty();
    }

    /** The shipped liveness curve names its data, and at the pack's threshold its BPCER is within the 5 % target. */
    @Test
    void theShippedLivenessCurveBacksThePackThreshold() {
        ModelPack pack = ModelPack.load(TestData.packDir(), false);
        String json = PackCalibration.livenessJson(pack).orElseThrow();
        float threshold = pack.floatProperty("model.liveness.threshold", Float.NaN);
        assertThat(json).contains("\"packId\": \"" + FaceEngine.DEFAULT_PACK_ID + "\"", "make-spoofs", "\"apcerMax\"",
                String.format(java.util.Locale.ROOT, "\"packThreshold\": %.4f", threshold));
        List<String> thresholds = array(json, "threshold"), bpcer = array(json, "bpcer"), apcerMax = array(json, "apcerMax");
        assertThat(bpcer).hasSameSizeAs(thresholds).hasSameSizeAs(apcerMax);
        int at = thresholds.indexOf(String.format(java.util.Locale.ROOT, "%.4f", threshold));
        assertThat(at).as("the pack's threshold is a point of the curve").isNotNegative();
        assertThat(Double.parseDouble(bpcer.get(at))).isLessThanOrEqualTo(0.05);
        for (int i = 1; i < bpcer.size(); i++) {
            assertThat(Double.parseDouble(bpcer.get(i))).isGreaterThanOrEqualTo(Double.parseDouble(bpcer.get(i - 1)));
            assertThat(Double.parseDouble(apcerMax.get(i))).isLessThanOrEqualTo(Double.parseDouble(apcerMax.get(i - 1)));
        }
    }

    /** The numbers of {@code "name": [a, b, ...]} in a JSON text (first occurrence). */
    private static List<String> array(String json, String name) {
        int start = json.indexOf("[", json.indexOf("\"" + name + "\": ["));
        return Arrays.stream(json.substring(start + 1, json.indexOf("]", start)).split(",")).map(String::trim).toList();
    }

    /** A manifest with one stand-in model file: enough for ModelPack.load without hashes. */
    private static Path standInPack(Path dir, String id) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("m.onnx"), "stand-in");
        Files.writeString(dir.resolve(ModelPack.MANIFEST), """
                format=consentry-model-pack/1
                pack.id=%s
                pack.version=1
                pack.family=faceplugin
                pack.licence=test
                models=detect
                model.detect.file=m.onnx
                model.detect.sha256=%s
                """.formatted(id, "0".repeat(64)));
        return dir;
    }
}
