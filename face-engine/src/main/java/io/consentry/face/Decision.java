package io.consentry.face;

import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a similarity score into match / no-match for a target false-accept rate, using the
 * thresholds calibrated for the pack (manifest keys {@code calibration.threshold.far.*}).
 */
public final class Decision {
    /** Outcome of one decision. */
    public record Outcome(boolean match, float score, float threshold, double targetFar) {
    }

    private final String packId;
    private final TreeMap<Double, Float> thresholds;

    public Decision(String packId, Map<Double, Float> thresholds) {
        if (thresholds.isEmpty()) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "pack " + packId + " has no calibrated thresholds");
        }
        this.packId = packId;
        this.thresholds = new TreeMap<>(thresholds);
    }

    /** Calibrated FARs available, ascending. */
    public java.util.NavigableSet<Double> calibratedFars() {
        return thresholds.navigableKeySet();
    }

    /**
     * Threshold for the target FAR. If the exact FAR was not calibrated, the threshold of the
     * next stricter calibrated FAR is used (never looser than asked); a target stricter than any
     * calibrated point is rejected.
     */
    public float threshold(double targetFar) {
        if (!(targetFar > 0 && targetFar < 1)) {
            throw new IllegalArgumentException("target FAR must be in (0,1)");
        }
        Map.Entry<Double, Float> e = thresholds.floorEntry(targetFar * (1 + 1e-9));
        if (e == null) {
            throw new IllegalArgumentException("pack " + packId + " is calibrated down to FAR "
                    + thresholds.firstKey() + " only; asked " + targetFar);
        }
        return e.getValue();
    }

    public Outcome decide(float score, double targetFar) {
        float t = threshold(targetFar);
        return new Outcome(score >= t, score, t, targetFar);
    }

    public Outcome decide(Template a, Template b, double targetFar) {
        return decide(a.similarity(b), targetFar);
    }
}
