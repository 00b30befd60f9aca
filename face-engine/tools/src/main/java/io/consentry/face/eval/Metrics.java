package io.consentry.face.eval;

import java.util.Arrays;

/** Verification metrics from genuine and impostor score lists. */
public final class Metrics {
    /** TAR at a target FAR, with the threshold that achieves it (accept iff score >= threshold). */
    public record AtFar(double targetFar, double tar, double far, float threshold, boolean resolvable) {
    }

    public record Eer(double eer, float threshold) {
    }

    private Metrics() {
    }

    /** Equal error rate: threshold where FAR and FRR cross (midpoint of the two rates there). */
    public static Eer eer(float[] genuine, float[] impostor) {
        float[] g = genuine.clone(), im = impostor.clone();
        Arrays.sort(g);
        Arrays.sort(im);
        float[] all = new float[g.length + im.length];
        System.arraycopy(g, 0, all, 0, g.length);
        System.arraycopy(im, 0, all, g.length, im.length);
        Arrays.sort(all);
        double best = Double.MAX_VALUE, eer = 1;
        float bestT = 0;
        for (float t : all) {
            double far = fractionAtLeast(im, t), frr = 1 - fractionAtLeast(g, t);
            double d = Math.abs(far - frr);
            if (d < best) {
                best = d;
                eer = (far + frr) / 2;
                bestT = t;
            }
        }
        return new Eer(eer, bestT);
    }

    /** Fraction of sorted {@code s} that is >= t. */
    static double fractionAtLeast(float[] sorted, float t) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (sorted[m] < t) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return sorted.length == 0 ? 0 : (sorted.length - lo) / (double) sorted.length;
    }

    /**
     * The lowest threshold whose FAR is at most {@code targetFar}. {@code resolvable} is false when
     * the impostor set is too small for the target (fewer than 1/targetFar impostors): then the
     * threshold is just above the highest impostor score.
     */
    public static AtFar tarAtFar(float[] genuine, float[] impostor, double targetFar) {
        float[] im = impostor.clone();
        Arrays.sort(im);
        float[] g = genuine.clone();
        Arrays.sort(g);
        int n = im.length;
        int allowed = (int) Math.floor(targetFar * n + 1e-9);
        float t = allowed >= n ? Float.NEGATIVE_INFINITY : Math.nextUp(im[n - 1 - allowed]);
        double far = fractionAtLeast(im, t);
        double tar = fractionAtLeast(g, t);
        return new AtFar(targetFar, tar, far, t, n * targetFar >= 1);
    }

    /** Best accuracy threshold on the given pairs. */
    public static float bestThreshold(float[] scores, boolean[] same) {
        Integer[] o = new Integer[scores.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (a, b) -> Float.compare(scores[a], scores[b]));
        int pos = 0;
        for (boolean s : same) {
            if (s) {
                pos++;
            }
        }
        // threshold below everything: all accepted -> correct = pos
        int correct = pos, best = pos;
        float bestT = scores.length == 0 ? 0 : scores[o[0]] - 1e-4f;
        for (int i = 0; i < o.length; i++) {
            correct += same[o[i]] ? -1 : 1;
            if (i + 1 < o.length && scores[o[i + 1]] == scores[o[i]]) {
                continue;
            }
            if (correct > best) {
                best = correct;
                bestT = i + 1 < o.length ? (scores[o[i]] + scores[o[i + 1]]) / 2 : scores[o[i]] + 1e-4f;
            }
        }
        return bestT;
    }

    /** k-fold accuracy: per fold, threshold chosen on the other folds. Returns {mean, std}. */
    public static double[] kFoldAccuracy(float[] scores, boolean[] same, int[] fold) {
        int[] folds = Arrays.stream(fold).distinct().sorted().toArray();
        double[] acc = new double[folds.length];
        for (int f = 0; f < folds.length; f++) {
            int k = folds[f];
            int nTrain = 0;
            for (int x : fold) {
                if (x != k) {
                    nTrain++;
                }
            }
            float[] ts = new float[nTrain];
            boolean[] tl = new boolean[nTrain];
            int j = 0;
            for (int i = 0; i < scores.length; i++) {
                if (fold[i] != k) {
                    ts[j] = scores[i];
                    tl[j++] = same[i];
                }
            }
            float t = bestThreshold(ts, tl);
            int ok = 0, n = 0;
            for (int i = 0; i < scores.length; i++) {
                if (fold[i] == k) {
                    n++;
                    if ((scores[i] >= t) == same[i]) {
                        ok++;
                    }
                }
            }
            acc[f] = ok / (double) n;
        }
        double mean = Arrays.stream(acc).average().orElse(0);
        double var = Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, acc.length);
        return new double[] {mean, Math.sqrt(var)};
    }
}
