package io.consentry.policy;

import io.consentry.core.engine.CurrentEngine;
import io.consentry.face.Decision;
import io.consentry.face.pack.ModelPack;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.NavigableSet;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The current model pack's calibrated thresholds, read from its manifest (no native code needed): a policy's target
 * FAR is only accepted when the pack can honour it, and decisions use the same mapping. Follows the pack the
 * replica works with, so thresholds always belong to the recogniser(s) that produce the scores.
 */
@ApplicationScoped
public class MatchCalibration {

    private final Supplier<ModelPack> manifest;

    @Inject
    MatchCalibration(CurrentEngine current) {
        this(current::manifest);
    }

    /** Over a fixed manifest (tests, tools). */
    MatchCalibration(Supplier<ModelPack> manifest) {
        this.manifest = manifest;
    }

    private record Calibrated(ModelPack pack, Decision decision) {
    }

    private volatile Calibrated calibrated;

    public Decision decision() {
        ModelPack pack = manifest.get();
        Calibrated c = calibrated;
        if (c == null || c.pack() != pack) {
            c = new Calibrated(pack, new Decision(pack.id(), pack.farThresholds()));
            calibrated = c;
        }
        return c.decision();
    }

    public String packId() {
        ModelPack pack = manifest.get();
        return pack.id() + ":" + pack.version();
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
