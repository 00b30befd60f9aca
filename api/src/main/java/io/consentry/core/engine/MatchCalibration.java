package io.consentry.core.engine;

import io.consentry.face.Decision;
import io.consentry.face.IdentificationCalibration;
import io.consentry.face.pack.ModelPack;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.NavigableSet;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The current model pack's calibration, read from its manifest (no native code needed): the per-pair thresholds a
 * 1:1 decision uses for a target FAR (only the rates the pack's data resolves, never a provisional one), and the
 * open-set operating points a 1:N decision uses for a target FPIR at the gallery's size. Follows the pack the replica
 * works with, so thresholds always belong to the recogniser(s) that produce the scores.
 */
@ApplicationScoped
public class MatchCalibration {

    private final Supplier<ModelPack> manifest;

    @Inject
    MatchCalibration(CurrentEngine current) {
        this(current::manifest);
    }

    /** Over a fixed manifest (tests, tools). */
    public MatchCalibration(Supplier<ModelPack> manifest) {
        this.manifest = manifest;
    }

    private record Calibrated(ModelPack pack, Decision decision) {
    }

    private volatile Calibrated calibrated;

    public Decision decision() {
        ModelPack pack = manifest.get();
        Calibrated c = calibrated;
        if (c == null || c.pack() != pack) {
            c = new Calibrated(pack, Decision.of(pack, pack.fusion() != null));
            calibrated = c;
        }
        return c.decision();
    }

    public String packId() {
        ModelPack pack = manifest.get();
        return pack.id() + ":" + pack.version();
    }

    /** The target FARs a 1:1 policy may choose: those the calibration data resolves (provisional ones are left out). */
    public NavigableSet<Double> calibratedFars() {
        return decision().selectableFars();
    }

    /** The score threshold for a target FAR, or empty when the pack is not calibrated (or only provisionally) that strictly. */
    public Optional<Float> threshold(double targetFar) {
        try {
            return Optional.of(decision().threshold(targetFar));
        } catch (IllegalArgumentException notCalibrated) {
            return Optional.empty();
        }
    }

    /** The 1:N operating points by target FPIR and gallery size. */
    public IdentificationCalibration identification() {
        return decision().identification();
    }

    /** Which calibration the thresholds come from (recorded with every face decision). */
    public String calibrationId() {
        return decision().calibrationId();
    }
}
