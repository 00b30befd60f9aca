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

    static String pct(double r) {
        return String.format(Locale.ROOT, "%.2f%%", r * 100);
    }
}
