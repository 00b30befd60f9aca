package io.consentry.face.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * k-fold cross-validation of FAR thresholds by identity: for each fold, thresholds are fitted on the impostor pairs
 * of the other folds' identities and measured on the pairs of the held-out fold's identities — people the fit never
 * saw. Pooled over the folds, the achieved FAR is what a site can expect from a threshold fitted this way.
 *
 * <p>A target rate is <em>selectable</em> when the pooled held-out measurement can vouch for it: the upper end of the
 * Clopper–Pearson 95 % interval of the achieved FAR is at most {@value #MAX_RATIO} × the nominal rate (and the fit on
 * all identities is resolvable, {@link FarCalibration.Fit#resolvable()}). A rate the held-out pairs cannot resolve
 * (too few of them) fails this by construction and is marked provisional.
 */
public final class CrossValidation {
    public static final double MAX_RATIO = 1.5;

    /** One held-out fold. */
    public record Fold(int fold, float threshold, long trainPairs, long testPairs, long falseAccepts, long testGenuine,
                       long falseRejects) {
        public double achievedFar() {
            return testPairs == 0 ? 0 : falseAccepts / (double) testPairs;
        }
    }

    /** One target rate over all folds. */
    public record Row(double targetFar, List<Fold> folds, long testPairs, long falseAccepts, double[] ci95,
                      long testGenuine, long falseRejects) {
        public double achievedFar() {
            return testPairs == 0 ? 0 : falseAccepts / (double) testPairs;
        }

        public double ratio() {
            return achievedFar() / targetFar;
        }

        public double frr() {
            return testGenuine == 0 ? Double.NaN : falseRejects / (double) testGenuine;
        }

        public boolean selectable() {
            return ci95[1] <= MAX_RATIO * targetFar;
        }
    }

    private CrossValidation() {
    }

    public static List<Row> run(PairScores scores, int folds, double[] targetFars) {
        List<List<Fold>> perRate = new ArrayList<>();
        for (int r = 0; r < targetFars.length; r++) {
            perRate.add(new ArrayList<>());
        }
        for (int f = 1; f <= folds; f++) {
            int held = f;
            float[] trainImp = scores.impostors(x -> x != held);
            float[] trainGen = scores.genuines(x -> x != held);
            float[] testImp = scores.impostors(x -> x == held);
            float[] testGen = scores.genuines(x -> x == held);
            if (testImp.length == 0 || trainImp.length == 0) {
                continue;
            }
            for (int r = 0; r < targetFars.length; r++) {
                FarCalibration.Fit fit = FarCalibration.fit(trainImp, trainGen, targetFars[r]);
                long fa = FarCalibration.countAtLeast(testImp, fit.threshold());
                long fr = testGen.length - FarCalibration.countAtLeast(testGen, fit.threshold());
                perRate.get(r).add(new Fold(f, fit.threshold(), trainImp.length, testImp.length, fa, testGen.length, fr));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < targetFars.length; r++) {
            long pairs = 0, fa = 0, gen = 0, fr = 0;
            for (Fold x : perRate.get(r)) {
                pairs += x.testPairs();
                fa += x.falseAccepts();
                gen += x.testGenuine();
                fr += x.falseRejects();
            }
            rows.add(new Row(targetFars[r], List.copyOf(perRate.get(r)), pairs, fa, Binomial.ci95(fa, Math.max(1, pairs)), gen, fr));
        }
        return rows;
    }
}
