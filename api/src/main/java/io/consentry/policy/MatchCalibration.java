package io.consentry.policy;

import io.consentry.face.Decision;
import io.consentry.face.FaceEngine;
import io.consentry.face.pack.ModelPack;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * The model pack's calibrated thresholds, read from its manifest (no native code needed): a policy's target FAR is
 * only accepted when the pack can honour it, and decisions use the same mapping.
 */
@ApplicationScoped
public class MatchCalibration {

    @ConfigProperty(name = "consentry.engine.pack-dir")
    Optional<String> packDir;

    private volatile Decision decision;
    private volatile String packId;

    public Decision decision() {
        if (decision == null) {
            synchronized (this) {
                if (decision == null) {
                    Path dir = packDir.filter(p -> !p.isBlank()).map(Path::of).orElseGet(FaceEngine::defaultPackDir);
                    ModelPack pack = ModelPack.load(dir, false);
                    packId = pack.id() + ":" + pack.version();
                    decision = new Decision(pack.id(), pack.farThresholds());
                }
            }
        }
        return decision;
    }

    public String packId() {
        decision();
        return packId;
    }

    public NavigableSet<Double> calibratedFars() {
        return decision().calibratedFars();
    }

    /** The score threshold for a target FAR, or empty when the pack is not calibrated that strictly. */
    public Optional<Float> threshold(double targetFar) {
        try {
            return Optional.of(decision().threshold(targetFar));
        } catch (IllegalArgumentException notCalibrated) {
            return Optional.empty();
        }
    }
}
