package io.consentry.face.eval;

/**
 * How 1:N error rates move with the gallery size G, predicted from 1:1 scores. A non-mated search returns a candidate
 * when the best of G impostor scores reaches the threshold t; with F(t) the per-pair impostor tail (share of impostor
 * pairs scoring ≥ t),
 * <pre>  FPIR(t, G) = 1 − (1 − F(t))^G</pre>
 * which is exact for independent comparisons and, by Jensen's inequality, an upper bound when some probes score high
 * against many people ("lambs"): FPIR(t, G) = E_p[1 − (1 − F_p(t))^G] ≤ 1 − (1 − E_p F_p(t))^G. So the threshold for a
 * target FPIR at size G is the per-pair threshold for FAR f_G = 1 − (1 − FPIR)^(1/G) ≈ FPIR / G, which needs at least
 * {@value FarCalibration#RULE_OF_30} impostor pairs above it to be resolvable.
 * <p>
 * A mated search is a hit when the mate scores s ≥ t and none of the G − 1 other members outscores it:
 * <pre>  FNIR(t, G) = 1 − mean over genuine pairs of [ s ≥ t ] · (1 − F(s))^(G−1)</pre>
 * (refused probes score {@link PairScores#REJECT}, a miss). Both predictions are checked against simulated galleries
 * ({@link OpenSetSimulation}) at the sizes the data can hold; beyond them they are the documented extrapolation.
 */
public final class GallerySizeModel {

    /**
     * @param targetFpir   the target
     * @param gallerySize  G
     * @param perPairFar   f_G
     * @param threshold    the per-pair threshold for f_G
     * @param pairsAbove   impostor pairs at or above it in the data
     * @param resolvable   pairsAbove expected ≥ 30 (n · f_G ≥ 30)
     * @param expectedFnir predicted FNIR at that threshold and size
     */
    public record Point(double targetFpir, int gallerySize, double perPairFar, float threshold, long pairsAbove,
                        boolean resolvable, double expectedFnir) {
    }

    private final float[] impostors;
    private final float[] genuines;

    /** Both sorted ascending. */
    public GallerySizeModel(float[] sortedImpostors, float[] sortedGenuines) {
        if (sortedImpostors.length == 0 || sortedGenuines.length == 0) {
            throw new IllegalArgumentException("need impostor and genuine scores");
        }
        this.impostors = sortedImpostors;
        this.genuines = sortedGenuines;
    }

    public int impostorPairs() {
        return impostors.length;
    }

    /** f_G = 1 − (1 − fpir)^(1/G), computed without cancellation. */
    public static double perPairFar(double fpir, int gallerySize) {
        return -Math.expm1(Math.log1p(-fpir) / gallerySize);
    }

    public double predictedFpir(float t, int gallerySize) {
        double f = FarCalibration.rateAtLeast(impostors, t);
        return -Math.expm1(gallerySize * Math.log1p(-f));
    }

    public double predictedFnir(float t, int gallerySize) {
        double hits = 0;
        for (float s : genuines) {
            if (s == PairScores.REJECT || s < t) {
                continue;
            }
            double f = FarCalibration.rateAtLeast(impostors, Math.nextUp(s));
            hits += Math.exp((gallerySize - 1) * Math.log1p(-Math.min(f, 1 - 1e-12)));
        }
        return 1 - hits / genuines.length;
    }

    public Point fit(double targetFpir, int gallerySize) {
        double f = perPairFar(targetFpir, gallerySize);
        FarCalibration.Fit fit = FarCalibration.fit(impostors, genuines, f);
        return new Point(targetFpir, gallerySize, f, fit.threshold(), fit.falseAccepts(), fit.resolvable(),
                predictedFnir(fit.threshold(), gallerySize));
    }
}
