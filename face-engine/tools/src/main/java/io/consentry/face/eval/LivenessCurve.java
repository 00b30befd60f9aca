package io.consentry.face.eval;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * The data behind a pack's liveness threshold: BPCER and APCER (per attack species and worst) against the threshold,
 * from an {@code eval-liveness} run, written once as {@code <pack-id>.liveness.json} next to the pinned manifest so
 * that a console can show what a site policy's liveness threshold is expected to give — on the data the file names,
 * which is the honest limit of those numbers. Only rates: no image, no score of any person.
 */
public final class LivenessCurve {
    private LivenessCurve() {
    }

    /** Thresholds 0.00 … 1.00 in steps of 0.01, plus the pack's threshold, ascending. */
    public static String toJson(PadMetrics m, String packId, float packThreshold, String data) {
        float[] t = new float[102];
        for (int i = 0; i <= 100; i++) {
            t[i] = i / 100f;
        }
        t[101] = packThreshold;
        java.util.Arrays.sort(t);
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"format\": \"consentry-liveness/1\",\n");
        sb.append("  \"packId\": ").append(str(packId)).append(",\n");
        sb.append("  \"data\": ").append(str(data)).append(",\n");
        sb.append(String.format(Locale.ROOT, "  \"packThreshold\": %.4f,%n", packThreshold));
        sb.append(String.format(Locale.ROOT, "  \"bonaFide\": %d,%n", m.bonaFideCount()));
        StringJoiner counts = new StringJoiner(", ", "{", "}");
        m.attackCounts().forEach((k, v) -> counts.add(str(k) + ": " + v));
        sb.append("  \"attacks\": ").append(counts).append(",\n");
        double[] eer = m.eer();
        sb.append(String.format(Locale.ROOT, "  \"eer\": {\"rate\": %.6f, \"threshold\": %.4f},%n", eer[0], eer[1]));
        StringJoiner ts = new StringJoiner(", ", "[", "]"), bp = new StringJoiner(", ", "[", "]"), mx = new StringJoiner(", ", "[", "]");
        for (float x : t) {
            ts.add(String.format(Locale.ROOT, "%.4f", x));
            bp.add(String.format(Locale.ROOT, "%.6f", m.bpcer(x)));
            mx.add(String.format(Locale.ROOT, "%.6f", m.apcerMax(x)));
        }
        sb.append("  \"curve\": {\"threshold\": ").append(ts).append(",\n    \"bpcer\": ").append(bp)
                .append(",\n    \"apcerMax\": ").append(mx).append(",\n    \"apcer\": {");
        StringJoiner species = new StringJoiner(",\n      ", "\n      ", "\n    ");
        for (String s : m.species()) {
            StringJoiner a = new StringJoiner(", ", "[", "]");
            for (float x : t) {
                a.add(String.format(Locale.ROOT, "%.6f", m.apcer(s, x)));
            }
            species.add(str(s) + ": " + a);
        }
        sb.append(species).append("}}\n}\n");
        return sb.toString();
    }

    private static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
