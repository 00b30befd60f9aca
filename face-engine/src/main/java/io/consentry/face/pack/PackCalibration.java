package io.consentry.face.pack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The calibration chart data of a pack ({@code eval.ScoreCurves} JSON): score histograms and FAR/FRR curves measured
 * when its thresholds were calibrated. Informational only — decisions use the manifest's thresholds — so it is not
 * part of the SHA-256-pinned file set. Looked up in the pack directory ({@code calibration.json}, for packs an
 * operator calibrates) and then among the pinned pack templates shipped in this jar
 * ({@code io/consentry/face/packs/<pack.id>.calibration.json}).
 */
public final class PackCalibration {

    public static final String FILE = "calibration.json";
    /** Liveness curve data ({@code eval-liveness --curve-json}): BPCER and APCER per species against the threshold. */
    public static final String LIVENESS_FILE = "liveness.json";

    private PackCalibration() {
    }

    public static Optional<String> json(ModelPack pack) {
        return read(pack, FILE, ".calibration.json");
    }

    /**
     * The liveness curve of the pack's liveness threshold ({@code liveness.json} in the pack directory, else
     * {@code io/consentry/face/packs/<pack.id>.liveness.json} in this jar): what BPCER and APCER a site policy's
     * liveness threshold is expected to give, on the data named in it.
     */
    public static Optional<String> livenessJson(ModelPack pack) {
        return read(pack, LIVENESS_FILE, ".liveness.json");
    }

    private static Optional<String> read(ModelPack pack, String file, String shippedSuffix) {
        Path inPack = pack.dir().resolve(file);
        try {
            if (Files.isRegularFile(inPack)) {
                return Optional.of(Files.readString(inPack, StandardCharsets.UTF_8));
            }
            try (InputStream in = PackCalibration.class.getResourceAsStream("/io/consentry/face/packs/" + pack.id() + shippedSuffix)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the calibration data of pack " + pack.id(), e);
        }
    }
}
