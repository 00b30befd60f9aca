package io.consentry.face.eval;

/**
 * Exact (Clopper–Pearson) confidence intervals for a binomial rate, e.g. a false-accept rate measured as k false
 * accepts in n impostor comparisons. Exact rather than normal-approximation intervals, because the rates that matter
 * here are small counts in large denominators (k = 0..100 of millions), where the normal approximation fails.
 *
 * <p>Caveat stated wherever this is printed: pairs that share an identity are not independent trials, so these
 * intervals describe the sampling of pairs, not of people; the cross-validation by identity is the honest check of
 * how a rate moves with other people.
 */
public final class Binomial {
    private Binomial() {
    }

    /** Two-sided interval {@code [lo, hi]} at confidence {@code 1 - alpha} for k successes in n trials. */
    public static double[] clopperPearson(long k, long n, double alpha) {
        if (n <= 0 || k < 0 || k > n || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("need 0 <= k <= n, n > 0, alpha in (0,1)");
        }
        double lo = k == 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1);
        double hi = k == n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k);
        return new double[] {lo, hi};
    }

    /** The 95 % interval. */
    public static double[] ci95(long k, long n) {
        return clopperPearson(k, n, 0.05);
    }

    /** x with I_x(a, b) = p, by bisection (monotone in x; 200 halvings reach double precision even for tiny rates). */
    static double betaQuantile(double p, double a, double b) {
        double lo = 0, hi = 1;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (mid == lo || mid == hi) {
                break;
            }
            if (regularizedBeta(mid, a, b) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Regularised incomplete beta function I_x(a, b) (continued fraction, modified Lentz). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(lnFront) * betaFraction(x, a, b) / a;
        }
        return 1 - Math.exp(lnFront) * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        final double tiny = 1e-300, eps = 1e-15;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 100_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < eps) {
                break;
            }
        }
        return h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
    static double lnGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        x -= 1;
        double s = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            s += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
