package io.consentry.face.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats shared by the eval reports. */
final class Report {
    private Report() {
    }

    /** A rate as a percentage with 3 significant digits ("0.0123%"), or "0". */
    static String rate(double r) {
        if (r == 0) {
            return "0";
        }
        return new BigDecimal(r * 100).round(new MathContext(3)).stripTrailingZeros().toPlainString() + "%";
    }

    /** A rate as a manifest key ("0.001", "0.00001"). */
    static String plain(double r) {
        return new BigDecimal(r).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * A threshold for a manifest where accepting means score ≥ threshold, rounded to 4 decimals upwards: never
     * accepts a score the fitted threshold rejects (a false-accept bound must not loosen by rounding).
     */
    static String up4(float t) {
        return String.format(Locale.ROOT, "%.4f", Math.ceil(t * 1e4 - 1e-6) / 1e4);
    }

    /** Rounded to 4 decimals downwards: never rejects a score the fitted threshold accepts (a BPCER bound). */
    static String down4(float t) {
        return String.format(Locale.ROOT, "%.4f", Math.floor(t * 1e4 + 1e-6) / 1e4);
    }

    static String pct(double r) {
        return String.format(Locale.ROOT, "%.2f%%", r * 100);
    }
}
