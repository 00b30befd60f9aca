package io.consentry.face.eval;

import java.util.Arrays;

/**
 * Thresholds for target false-accept rates fitted on impostor scores, with the evidence behind each: how many impostor
 * pairs, how many of them the threshold still accepts, and the Clopper–Pearson 95 % interval of that rate.
 *
 * <p>A rate is <em>resolvable</em> on a set when the set holds at least {@value #RULE_OF_30} expected false accepts at
 * that rate (n·FAR ≥ 30: Doddington's "rule of 30" — with 30 errors the true rate lies within about ±30 % of the
 * observed one at 90 % confidence). Below that, the fitted threshold mostly reflects the few highest impostor scores.
 */
public final class FarCalibration {
    public static final int RULE_OF_30 = 30;

    /**
     * @param targetFar     the nominal rate
     * @param threshold     accept iff score ≥ threshold
     * @param impostorPairs impostor pairs it was fitted on
     * @param falseAccepts  of those, accepted at the threshold
     * @param ci95          Clopper–Pearson interval of falseAccepts / impostorPairs
     * @param tar           share of genuine pairs accepted
     * @param resolvable    impostorPairs · targetFar ≥ 30
     */
    public record Fit(double targetFar, float threshold, long impostorPairs, long falseAccepts, double[] ci95, double tar,
                      boolean resolvable) {
        public double measuredFar() {
            return impostorPairs == 0 ? 0 : falseAccepts / (double) impostorPairs;
        }
    }

    private FarCalibration() {
    }

    /**
     * The lowest threshold at which at most ⌊FAR·n⌋ of the n impostor scores are accepted.
     *
     * @param impostors sorted ascending
     * @param genuines  sorted ascending
     */
    public static Fit fit(float[] impostors, float[] genuines, double targetFar) {
        int n = impostors.length;
        if (n == 0) {
            throw new IllegalArgumentException("no impostor scores");
        }
        long allowed = (long) Math.floor(targetFar * n + 1e-9);
        float t = allowed >= n ? impostors[0] : Math.nextUp(impostors[(int) (n - 1 - allowed)]);
        long fa = countAtLeast(impostors, t);
        double tar = genuines.length == 0 ? Double.NaN : countAtLeast(genuines, t) / (double) genuines.length;
        return new Fit(targetFar, t, n, fa, Binomial.ci95(fa, n), tar, n * targetFar >= RULE_OF_30);
    }

    /** How many of the sorted scores are ≥ t. */
    public static long countAtLeast(float[] sorted, float t) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return sorted.length - lo;
    }

    /** Share of the sorted scores ≥ t. */
    public static double rateAtLeast(float[] sorted, float t) {
        return sorted.length == 0 ? 0 : countAtLeast(sorted, t) / (double) sorted.length;
    }

    static float[] sortedCopy(float[] a) {
        float[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
