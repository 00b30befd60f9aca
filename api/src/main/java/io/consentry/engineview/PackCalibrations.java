package io.consentry.engineview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.face.FaceEngine;
import io.consentry.face.IdentificationCalibration;
import io.consentry.face.pack.ModelPack;
import io.consentry.face.pack.PackCalibration;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the active pack's manifest and chart data once (no native code, no eval run: the measurement was made when
 * the pack was calibrated and ships with it). The pack cannot change while the api runs, so the answer is cached.
 */
@ApplicationScoped
public class PackCalibrations {

    private static final Logger LOG = Logger.getLogger(PackCalibrations.class);

    private final Optional<String> packDir;
    private final ObjectMapper json;

    PackCalibrations(@ConfigProperty(name = "consentry.engine.pack-dir") Optional<String> packDir, ObjectMapper json) {
        this.packDir = packDir;
        this.json = json;
    }

    private volatile CalibrationView cached;

    public CalibrationView current() {
        CalibrationView view = cached;
        if (view == null) {
            synchronized (this) {
                if (cached == null) {
                    cached = load();
                }
                view = cached;
            }
        }
        return view;
    }

    private CalibrationView load() {
        Path dir = packDir.filter(p -> !p.isBlank()).map(Path::of).orElseGet(FaceEngine::defaultPackDir);
        ModelPack pack = ModelPack.load(dir, false);
        List<CalibrationView.Threshold> thresholds = new ArrayList<>();
        for (Map.Entry<Double, Float> e : pack.farThresholds().descendingMap().entrySet()) {
            thresholds.add(new CalibrationView.Threshold(e.getKey(), e.getValue(), pack.farEvidence(e.getKey())));
        }
        IdentificationCalibration identification = pack.identificationCalibration();
        CalibrationView.Identification identificationView = !identification.calibrated() ? null
                : new CalibrationView.Identification(identification.calibrationId(), identification.fnirCeiling(),
                identification.refusalRate(), identification.targetFpirs().stream()
                .map(fpir -> new CalibrationView.Rate(fpir, identification.cells(fpir), identification.largestGallerySize(fpir)))
                .toList());
        JsonNode liveness = PackCalibration.livenessJson(pack).map(this::parse).orElse(null);
        String defaultFar = pack.property("calibration.default-far", "");
        String eer = pack.property("calibration.threshold.eer", "");
        JsonNode chart = PackCalibration.json(pack).map(this::parse).orElse(null);
        Boolean consistent = chart == null ? null : consistent(chart, thresholds, pack.id());
        return new CalibrationView(pack.id(), pack.version(), pack.property("calibration.data", null),
                defaultFar.isBlank() ? null : Double.valueOf(defaultFar), eer.isBlank() ? null : Float.valueOf(eer),
                pack.floatProperty("model.liveness.threshold", 0.5f), thresholds, chart, consistent, identificationView, liveness);
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.warnf("The model pack's calibration chart data is not valid JSON (%s); the chart is left out", e.getOriginalMessage());
            return null;
        }
    }

    /** Every manifest threshold appears in the chart data at the same target FAR, and the chart names this pack. */
    static boolean consistent(JsonNode chart, List<CalibrationView.Threshold> thresholds, String packId) {
        if (!packId.equals(chart.path("packId").asText())) {
            return false;
        }
        for (CalibrationView.Threshold t : thresholds) {
            boolean found = false;
            for (JsonNode at : chart.path("atFar")) {
                if (Math.abs(at.path("far").asDouble() - t.far()) <= 1e-9 * t.far()
                        && Math.abs(at.path("threshold").asDouble() - t.threshold()) <= 2e-4) {
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
