package io.consentry.face.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The data behind a pack's calibration chart: genuine/impostor score histograms and FAR/FRR against the threshold,
 * from the per-pair scores of an {@code eval --scores} run. Written once as {@code <pack-id>.calibration.json} next to
 * the pack's pinned manifest, so that the console can draw the chart without re-running the eval (minutes of CPU over
 * thousands of images) at build or start-up time. Only scores are kept: no image, no template.
 *
 * <pre>java -cp face-engine-cli.jar io.consentry.face.eval.ScoreCurves SCORES.csv PACK_ID "DATA NOTE" OUT.json</pre>
 */
public record ScoreCurves(float lo, float hi, int[] genuineHistogram, int[] impostorHistogram,
                          float[] thresholds, double[] far, double[] frr,
                          int genuine, int impostor, int failures, Metrics.Eer eer, List<Metrics.AtFar> atFar) {

    /** The score {@code eval} gives a pair with a detection failure (counted as a reject, never dropped). */
    public static final float FAILURE = -1f;
    public static final double[] TARGET_FARS = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6};

    /**
     * @param bins  histogram bins over [lo, hi], which are the observed scores rounded outwards to 0.05
     * @param steps threshold samples of the FAR/FRR curves over the same range
     */
    public static ScoreCurves of(float[] genuine, float[] impostor, int bins, int steps) {
        if (genuine.length == 0 || impostor.length == 0 || bins < 2 || steps < 2) {
            throw new IllegalArgumentException("need genuine and impostor scores, at least 2 bins and 2 steps");
        }
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        int failures = 0;
        for (float[] set : new float[][] {genuine, impostor}) {
            for (float s : set) {
                if (s == FAILURE) {
                    failures++;
                    continue;
                }
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        float lo = (float) (Math.floor(min * 20) / 20.0), hi = (float) (Math.ceil(max * 20) / 20.0);
        if (!(hi > lo)) {
            hi = lo + 0.05f;
        }
        float[] g = genuine.clone(), im = impostor.clone();
        Arrays.sort(g);
        Arrays.sort(im);
        float[] t = new float[steps];
        double[] far = new double[steps], frr = new double[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = lo + (hi - lo) * i / (steps - 1f);
            far[i] = Metrics.fractionAtLeast(im, t[i]);
            frr[i] = 1 - Metrics.fractionAtLeast(g, t[i]);
        }
        List<Metrics.AtFar> atFar = new ArrayList<>();
        for (double target : TARGET_FARS) {
            atFar.add(Metrics.tarAtFar(genuine, impostor, target));
        }
        return new ScoreCurves(lo, hi, histogram(genuine, lo, hi, bins), histogram(impostor, lo, hi, bins), t, far, frr,
                genuine.length, impostor.length, failures, Metrics.eer(genuine, impostor), atFar);
    }

    /** Counts per bin; failures and anything below {@code lo} land in the first bin, so every pair is counted. */
    static int[] histogram(float[] scores, float lo, float hi, int bins) {
        int[] h = new int[bins];
        for (float s : scores) {
            int b = (int) Math.floor((s - lo) / (hi - lo) * bins);
            h[Math.max(0, Math.min(bins - 1, b))]++;
        }
        return h;
    }

    public String toJson(String packId, String data) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"format\": \"consentry-calibration/1\",\n");
        sb.append("  \"packId\": ").append(str(packId)).append(",\n");
        sb.append("  \"data\": ").append(str(data)).append(",\n");
        sb.append(String.format(Locale.ROOT, "  \"genuine\": %d,%n  \"impostor\": %d,%n  \"failures\": %d,%n", genuine, impostor, failures));
        sb.append(String.format(Locale.ROOT, "  \"histogram\": {\"lo\": %s, \"hi\": %s, \"genuine\": %s, \"impostor\": %s},%n",
                num(lo), num(hi), ints(genuineHistogram), ints(impostorHistogram)));
        StringJoiner ts = new StringJoiner(", ", "[", "]");
        for (float x : thresholds) {
            ts.add(num(Math.round(x * 1e4f) / 1e4f));
        }
        sb.append("  \"curves\": {\"threshold\": ").append(ts).append(",\n    \"far\": ").append(rates(far))
                .append(",\n    \"frr\": ").append(rates(frr)).append("},\n");
        sb.append(String.format(Locale.ROOT, "  \"eer\": {\"rate\": %.6f, \"threshold\": %.4f},%n", eer.eer(), eer.threshold()));
        StringJoiner at = new StringJoiner(",\n    ", "[\n    ", "\n  ]");
        for (Metrics.AtFar a : atFar) {
            at.add(String.format(Locale.ROOT, "{\"far\": %s, \"threshold\": %.4f, \"tar\": %.6f, \"measuredFar\": %.6f, \"resolvable\": %s}",
                    num((float) a.targetFar()), a.threshold(), a.tar(), a.far(), a.resolvable()));
        }
        sb.append("  \"atFar\": ").append(at).append("\n}\n");
        return sb.toString();
    }

    /** Reads {@code eval --scores} output: header {@code image_a,image_b,same,fold,score}. */
    public static float[][] readScores(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<Float> g = new ArrayList<>(), im = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            float score = Float.parseFloat(f[f.length - 1]);
            (Boolean.parseBoolean(f[2]) ? g : im).add(score);
        }
        return new float[][] {toArray(g), toArray(im)};
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ScoreCurves SCORES.csv PACK_ID \"DATA NOTE\" OUT.json");
            System.exit(2);
        }
        float[][] s = readScores(Path.of(args[0]));
        ScoreCurves c = of(s[0], s[1], 65, 131);
        Files.writeString(Path.of(args[3]), c.toJson(args[1], args[2]));
        System.out.printf(Locale.ROOT, "%d genuine, %d impostor, EER %.2f%% at %.4f%n", c.genuine, c.impostor,
                c.eer.eer() * 100, c.eer.threshold());
        for (Metrics.AtFar a : c.atFar) {
            System.out.printf(Locale.ROOT, "FAR %s: threshold %.4f, TAR %.2f%%%n", a.targetFar(), a.threshold(), a.tar() * 100);
        }
    }

    private static float[] toArray(List<Float> l) {
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    private static String ints(int[] a) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int x : a) {
            j.add(Integer.toString(x));
        }
        return j.toString();
    }

    private static String rates(double[] a) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (double x : a) {
            j.add(x == 0 || x == 1 ? Integer.toString((int) x) : String.format(Locale.ROOT, "%.6g", x));
        }
        return j.toString();
    }

    private static String num(float x) {
        return new java.math.BigDecimal(Float.toString(x)).stripTrailingZeros().toPlainString();
    }

    private static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
