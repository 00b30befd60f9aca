package io.consentry.face.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Presentation-attack detection error rates in ISO/IEC 30107-3 terms, for a liveness score where "accept as bona fide"
 * means score ≥ threshold:
 * <ul>
 *   <li>APCER — share of attack presentations of one species accepted as bona fide; the standard reports it per
 *   species and the worst species ({@link #apcerMax});</li>
 *   <li>BPCER — share of bona fide presentations rejected as attacks;</li>
 *   <li>ACER — (APCER_max + BPCER) / 2, the average used by earlier evaluations (the 2023 edition of the standard
 *   deprecates it in favour of reporting both; printed for comparison only);</li>
 *   <li>EER — where APCER_max equals BPCER as the threshold sweeps.</li>
 * </ul>
 * A presentation without a score (no face found, NaN) is never accepted: an error for bona fide, a correct rejection
 * for an attack (fail closed).
 */
public final class PadMetrics {
    private final float[] bonaFide;
    private final Map<String, float[]> attacks;

    /** Scores (NaN: none); attacks by species. */
    public PadMetrics(float[] bonaFide, Map<String, float[]> attacks) {
        this.bonaFide = sorted(bonaFide);
        this.attacks = new LinkedHashMap<>();
        attacks.forEach((k, v) -> this.attacks.put(k, sorted(v)));
    }

    /** NaN sorts as "no score": replaced by −∞ so it is below every threshold. */
    private static float[] sorted(float[] a) {
        float[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            if (Float.isNaN(c[i])) {
                c[i] = Float.NEGATIVE_INFINITY;
            }
        }
        Arrays.sort(c);
        return c;
    }

    public int bonaFideCount() {
        return bonaFide.length;
    }

    public Map<String, Integer> attackCounts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        attacks.forEach((k, v) -> m.put(k, v.length));
        return m;
    }

    public double bpcer(float t) {
        return 1 - FarCalibration.rateAtLeast(bonaFide, t);
    }

    public double apcer(String species, float t) {
        return FarCalibration.rateAtLeast(attacks.get(species), t);
    }

    public double apcerMax(float t) {
        double m = 0;
        for (String s : attacks.keySet()) {
            m = Math.max(m, apcer(s, t));
        }
        return m;
    }

    /** APCER over all attack presentations pooled (reported next to the per-species values). */
    public double apcerPooled(float t) {
        long acc = 0, n = 0;
        for (float[] a : attacks.values()) {
            acc += FarCalibration.countAtLeast(a, t);
            n += a.length;
        }
        return n == 0 ? 0 : acc / (double) n;
    }

    public double acer(float t) {
        return (apcerMax(t) + bpcer(t)) / 2;
    }

    /** The highest threshold (strictest for attacks) whose BPCER is at most {@code maxBpcer}. */
    public float thresholdForBpcer(double maxBpcer) {
        int allowed = (int) Math.floor(maxBpcer * bonaFide.length + 1e-9);
        if (allowed >= bonaFide.length) {
            return Float.POSITIVE_INFINITY;
        }
        // rejecting the 'allowed' lowest bona fide scores: the threshold is the next score
        return bonaFide[allowed];
    }

    /** {rate, threshold} where APCER_max and BPCER cross, over the observed scores. */
    public double[] eer() {
        double best = 2, rate = 1, thr = 0;
        for (float t : candidates()) {
            double a = apcerMax(t), b = bpcer(t);
            if (Math.abs(a - b) < best) {
                best = Math.abs(a - b);
                rate = (a + b) / 2;
                thr = t;
            }
        }
        return new double[] {rate, thr};
    }

    /** Thresholds at every observed finite score, ascending, without repeats. */
    public float[] candidates() {
        int n = bonaFide.length;
        for (float[] a : attacks.values()) {
            n += a.length;
        }
        float[] all = new float[n];
        int k = 0;
        for (float s : bonaFide) {
            all[k++] = s;
        }
        for (float[] a : attacks.values()) {
            for (float s : a) {
                all[k++] = s;
            }
        }
        Arrays.sort(all);
        float[] out = new float[n];
        int m = 0;
        for (float s : all) {
            if (Float.isFinite(s) && (m == 0 || out[m - 1] != s)) {
                out[m++] = s;
            }
        }
        return Arrays.copyOf(out, m);
    }

    public List<String> species() {
        return List.copyOf(attacks.keySet());
    }
}
