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

    /**
     * Score fusion for packs with several recognisers: {@code sum_i weight_i * (s_i - mean_i) / std_i}
     * over the per-recogniser cosines s_i (z-normalised with the impostor statistics of the
     * calibration set). The pack's thresholds then apply to this fused score.
     */
    public record Fusion(double[] weight, double[] mean, double[] std) {
        public Fusion {
            if (weight.length < 2 || mean.length != weight.length || std.length != weight.length) {
                throw new IllegalArgumentException("fusion needs the same number (>= 2) of weights, means and stds");
            }
            for (double s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("fusion std must be > 0");
                }
            }
        }

        public float fuse(float[] scores) {
            double f = 0;
            for (int i = 0; i < weight.length; i++) {
                f += weight[i] * (scores[i] - mean[i]) / std[i];
            }
            return (float) f;
        }
    }

    private final String packId;
    private final TreeMap<Double, Float> thresholds;
    private final Fusion fusion;
    private final IdentificationCalibration identification;
    private final String calibrationId;

    public Decision(String packId, Map<Double, Float> thresholds) {
        this(packId, thresholds, null);
    }

    public Decision(String packId, Map<Double, Float> thresholds, Fusion fusion) {
        this(packId, thresholds, fusion, IdentificationCalibration.none(packId), packId);
    }

    /**
     * @param thresholds     the selectable 1:1 thresholds (target FAR → score threshold); provisional rates left out
     * @param identification the 1:N calibration ({@link IdentificationCalibration#none} when the pack has none)
     * @param calibrationId  what decisions record as the calibration they used
     */
    public Decision(String packId, Map<Double, Float> thresholds, Fusion fusion, IdentificationCalibration identification,
                    String calibrationId) {
        if (thresholds.isEmpty()) {
            throw new FaceEngineException(ErrorCode.INVALID_MODEL_PACK, "pack " + packId + " has no calibrated thresholds");
        }
        this.packId = packId;
        this.thresholds = new TreeMap<>(thresholds);
        this.fusion = fusion;
        this.identification = identification;
        this.calibrationId = calibrationId;
    }

    /** A pack's decision: its selectable thresholds, fusion, identification calibration and calibration id. */
    public static Decision of(io.consentry.face.pack.ModelPack pack, boolean fused) {
        return new Decision(pack.id(), pack.farThresholds(), fused ? pack.fusion() : null, pack.identificationCalibration(),
                pack.calibrationId());
    }

    /**
     * Open-set 1:N: the threshold for a target FPIR at the tenant's gallery size, or a typed "not meetable"
     * ({@link IdentificationCalibration}). 1:N must not use the 1:1 thresholds: the best of N impostor scores grows with N.
     */
    public IdentificationCalibration identification() {
        return identification;
    }

    /** The calibration a 1:1 decision records ({@code calibration.id} of the manifest). */
    public String calibrationId() {
        return calibrationId;
    }

    /** The FARs a site policy may select (provisional rates are not among them). Same as {@link #calibratedFars()}. */
    public java.util.NavigableSet<Double> selectableFars() {
        return calibratedFars();
    }

    /** The pack's fusion, or null for a single-recogniser pack. */
    public Fusion fusion() {
        return fusion;
    }

    /**
     * The score the thresholds apply to: the cosine of the primary vectors, or for a fused pack
     * the fused score of all recognisers. Templates of different packs (or layouts) are never compared.
     */
    public float score(Template a, Template b) {
        if (fusion == null) {
            return a.similarity(b);
        }
        int k = fusion.weight().length;
        if (a.vectorCount() != k || b.vectorCount() != k) {
            throw new FaceEngineException(ErrorCode.INVALID_TEMPLATE, "pack " + packId + " fuses " + k
                    + " recognisers, templates carry " + a.vectorCount() + " / " + b.vectorCount() + " vectors (re-enrol)");
        }
        float[] s = new float[k];
        for (int i = 0; i < k; i++) {
            s[i] = a.similarity(b, i);
        }
        return fusion.fuse(s);
    }

    /** Calibrated FARs available for decisions (selectable, i.e. not provisional), ascending. */
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
        return decide(score(a, b), targetFar);
    }
}
