package io.consentry.face.cli;

import io.consentry.face.FacePicker;
import io.consentry.face.Pick;
import io.consentry.face.Template;
import io.consentry.face.eval.EmbeddingCache;
import io.consentry.face.eval.FarCalibration;
import io.consentry.face.eval.GallerySizeModel;
import io.consentry.face.eval.IdentityImages;
import io.consentry.face.eval.OpenSetSimulation;
import io.consentry.face.eval.PairScores;
import io.consentry.face.eval.Subjects;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code eval --folders --identification}: open-set 1:N on an identity set. Enrolment uses each image's subject (the
 * face nearest the centre, as LFW defines it); searches use the gate's rule ({@link Pick#DOMINANT} plus the default
 * quality limits), so refused frames are misses. Thresholds come from {@link GallerySizeModel} on the per-pair
 * impostor scores; simulated galleries check them (in sample on all identities, and out of sample: model fitted on
 * some folds' identities, galleries drawn from the others); sizes beyond the data are the model's extrapolation.
 */
final class IdentificationEval {
    static final double[] TARGET_FPIRS = {0.1, 0.01, 0.001};
    /** Gallery sizes the manifest calibrates: a tenant's gallery uses the first size at or above its own. */
    static final int[] MANIFEST_SIZES = {10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000};
    /** Runner-up margins tried, in units of the impostor score's standard deviation. */
    static final double[] MARGINS_IN_SD = {0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0};

    private final EvalCommand o;
    private final FolderEval.Loaded l;
    private final PrintStream out;
    private final int threads;

    IdentificationEval(EvalCommand o, FolderEval.Loaded l, PrintStream out) {
        this.o = o;
        this.l = l;
        this.out = out;
        this.threads = o.threads != null ? o.threads : Runtime.getRuntime().availableProcessors();
    }

    void run() throws Exception {
        IdentityImages set = l.set();
        FolderEval fe = new FolderEval(o);
        out.println();
        out.println("== identification (open set; FPIR/FNIR as NIST FRVT 1:N: FNIR counts a mate not at rank 1 above the"
                + " threshold, or a refused search)");
        Template[] enrol = fe.subjects(l, Pick.CENTER, false).templates();
        Subjects gate = fe.subjects(l, Pick.DOMINANT, true);
        Template[] probe = gate.templates();
        PairScores pairs = PairScores.of(set, enrol, l.decision()::score, o.maxImpostors, threads, o.seed);
        GallerySizeModel model = new GallerySizeModel(pairs.allImpostors(), pairs.allGenuines());
        double refusal = refusalRate(set, gate);
        out.printf(Locale.ROOT, "searches refused by the gate rule (%s; default quality), share of images of identities with 2+ images: %s%n",
                FacePicker.GATE, Report.pct(refusal));

        Map<String, OpenSetSimulation.Result> det = new LinkedHashMap<>();
        Map<Integer, OpenSetSimulation.Result> simulated = new LinkedHashMap<>();
        int enrolable = set.identities().size();
        out.println("FNIR at target FPIR (threshold from the gallery-size model fitted on all pairs; achieved values from"
                + " simulated galleries; FNIR counts refused searches as misses, 'matched' leaves them out):");
        out.println("  G | trials | mated / non-mated searches | target FPIR | threshold | achieved FPIR (false positives)"
                + " | FNIR | FNIR matched | predicted FPIR | predicted FNIR matched | best FNIR at the target (threshold fitted on the simulation)");
        for (int g : o.galleries) {
            OpenSetSimulation.Result r = null;
            if (g * 1.2 < enrolable) {
                r = OpenSetSimulation.run(set, enrol, probe, l.decision()::score, id -> true, g, trialsFor(g), o.seed, threads);
                simulated.put(g, r);
                det.put("G=" + g + " (simulated)", r);
            }
            for (double fpir : TARGET_FPIRS) {
                GallerySizeModel.Point p = model.fit(fpir, g);
                String predicted = String.format(Locale.ROOT, "%s | %s%s", Report.pct(model.predictedFpir(p.threshold(), g)),
                        Report.pct(p.expectedFnir()), p.resolvable() ? ""
                                : " (PROVISIONAL: " + p.pairsAbove() + " impostor pairs above the threshold)");
                if (r == null) {
                    out.printf(Locale.ROOT, "  %,d | - | not simulated (%,d identities): extrapolated | %s | %s | - | - | - | %s | -%n", g,
                            enrolable, Report.pct(fpir), Report.up4(p.threshold()), predicted);
                    continue;
                }
                float best = r.thresholdAt(fpir, 0f);
                out.printf(Locale.ROOT, "  %,d | %d | %,d / %,d | %s | %s | %s (%d) | %s | %s | %s | %s at %.4f%n", g, r.trials(),
                        r.mated(), r.nonMated(), Report.pct(fpir), Report.up4(p.threshold()), Report.pct(r.fpir(p.threshold(), 0f)),
                        r.falsePositives(p.threshold(), 0f), Report.pct(r.fnir(p.threshold(), 0f)),
                        Report.pct(r.fnirOfMatched(p.threshold(), 0f)), predicted, Report.pct(r.fnir(best, 0f)), best);
            }
        }
        modelCheck(model, simulated);
        margins(simulated, pairs);
        outOfSample(set, enrol, probe, pairs);
        manifest(model, refusal);
        Path chart = o.detChart != null ? o.detChart : Path.of("det-" + o.folders.getFileName() + ".png");
        Map<String, double[][]> predicted = new LinkedHashMap<>();
        for (int g : o.galleries) {
            if (!simulated.containsKey(g)) {
                predicted.put("G=" + g + " (model, resolvable part)", predictedCurve(model, g, refusal));
            }
        }
        DetChart.identification(chart, det, predicted, "Open-set identification, " + l.packId() + " (gate rule searches)");
        out.println("DET chart: " + chart.toAbsolutePath());
    }

    /** The model's DET curve at size g (FNIR with the refusal rate added), over the FPIRs the data can resolve. */
    static double[][] predictedCurve(GallerySizeModel model, int g, double refusal) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            double fpir = Math.pow(10, -3.0 * i / 60);
            GallerySizeModel.Point p = model.fit(Math.min(fpir, 0.999), g);
            if (p.resolvable()) {
                pts.add(new double[] {model.predictedFpir(p.threshold(), g), 1 - (1 - refusal) * (1 - p.expectedFnir())});
            }
        }
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }

    private int trialsFor(int g) {
        // small galleries: more trials for the same number of searches
        return g <= 100 ? o.trials * 3 : o.trials;
    }

    /** Share of refused searches among the images that can be mated searches. */
    static double refusalRate(IdentityImages set, Subjects s) {
        int n = 0, refused = 0;
        for (int[] imgs : set.imagesByIdentity()) {
            if (imgs.length < 2) {
                continue;
            }
            for (int i : imgs) {
                n++;
                if (s.templates()[i] == null) {
                    refused++;
                }
            }
        }
        return refused / (double) Math.max(1, n);
    }

    /** The gallery-size model against the simulation at several thresholds: the extrapolation's check. */
    private void modelCheck(GallerySizeModel model, Map<Integer, OpenSetSimulation.Result> simulated) {
        out.println("gallery-size model vs simulation (the check of the extrapolation; the model is an upper bound for FPIR;"
                + " FNIR of matched searches):");
        out.println("  G | threshold | predicted FPIR | simulated FPIR | predicted FNIR | simulated FNIR");
        for (Map.Entry<Integer, OpenSetSimulation.Result> e : simulated.entrySet()) {
            int g = e.getKey();
            for (double fpir : new double[] {0.3, 0.1, 0.03, 0.01, 0.003}) {
                float t = model.fit(fpir, g).threshold();
                out.printf(Locale.ROOT, "  %,d | %.4f | %s | %s | %s | %s%n", g, t, Report.pct(model.predictedFpir(t, g)),
                        Report.pct(e.getValue().fpir(t, 0f)), Report.pct(model.predictedFnir(t, g)),
                        Report.pct(e.getValue().fnirOfMatched(t, 0f)));
            }
        }
    }

    /** Runner-up margin: FNIR at each target FPIR with the threshold refitted for each margin (equal FPIR). */
    private void margins(Map<Integer, OpenSetSimulation.Result> simulated, PairScores pairs) {
        float[] imp = pairs.allImpostors();
        double mean = 0, sq = 0;
        int n = 0;
        for (float s : imp) {
            if (s != PairScores.REJECT) {
                mean += s;
                sq += (double) s * s;
                n++;
            }
        }
        mean /= n;
        double sd = Math.sqrt(sq / n - mean * mean);
        out.printf(Locale.ROOT, "runner-up margin (top-1 must beat top-2 by m; m in impostor-score SDs, SD = %.4f): FNIR at equal FPIR%n", sd);
        out.println("  G | target FPIR | " + String.join(" | ", java.util.Arrays.stream(MARGINS_IN_SD)
                .mapToObj(k -> String.format(Locale.ROOT, "m=%.2f (%.3f)", k, k * sd)).toList()));
        for (Map.Entry<Integer, OpenSetSimulation.Result> e : simulated.entrySet()) {
            for (double fpir : TARGET_FPIRS) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %,d | %s", e.getKey(), Report.pct(fpir)));
                for (double k : MARGINS_IN_SD) {
                    float m = (float) (k * sd);
                    float t = e.getValue().thresholdAt(fpir, m);
                    row.append(String.format(Locale.ROOT, " | %s @%.3f", Report.pct(e.getValue().fnir(t, m)), t));
                }
                out.println(row);
            }
        }
    }

    /**
     * Out of sample: the model is fitted on the pairs of some folds' identities and galleries are drawn only from the
     * other folds' identities. As many consecutive folds are held out as the gallery needs (with 20 % non-members).
     */
    private void outOfSample(IdentityImages set, Template[] enrol, Template[] probe, PairScores train) throws Exception {
        int folds = set.folds();
        int[] perFold = new int[folds + 1];
        for (int f : set.foldOf()) {
            perFold[f]++;
        }
        out.println("out of sample (model fitted on the training folds' identities, galleries drawn from the held-out folds'):");
        out.println("  G | held-out folds | target FPIR | achieved FPIR (false positives / non-mated) | FNIR (refusals as misses)"
                + " | thresholds per rotation");
        for (int g : o.galleries) {
            int k = 1;
            while (k < folds && minHeldOut(perFold, folds, k) < g * 1.25) {
                k++;
            }
            if (k >= folds) {
                out.printf(Locale.ROOT, "  %,d | - | not enough identities to hold out%n", g);
                continue;
            }
            for (double fpir : TARGET_FPIRS) {
                long fp = 0, non = 0;
                double missed = 0;
                long mated = 0;
                StringBuilder ts = new StringBuilder();
                for (int first = 1; first <= folds; first++) {
                    Set<Integer> test = new TreeSet<>();
                    for (int j = 0; j < k; j++) {
                        test.add((first - 1 + j) % folds + 1);
                    }
                    GallerySizeModel m = new GallerySizeModel(train.impostors(f -> !test.contains(f)), train.genuines(f -> !test.contains(f)));
                    float t = m.fit(fpir, g).threshold();
                    ts.append(ts.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", t));
                    OpenSetSimulation.Result r = OpenSetSimulation.run(set, enrol, probe, l.decision()::score,
                            id -> test.contains(set.foldOf()[id]), g, Math.max(4, trialsFor(g) / folds), o.seed + first, threads);
                    fp += r.falsePositives(t, 0f);
                    non += r.nonMated();
                    missed += r.fnir(t, 0f) * r.mated();
                    mated += r.mated();
                }
                out.printf(Locale.ROOT, "  %,d | %d | %s | %s (%d / %,d) | %s | %s%n", g, k, Report.pct(fpir), Report.pct(fp / (double) non),
                        fp, non, Report.pct(missed / mated), ts);
            }
        }
    }

    private static int minHeldOut(int[] perFold, int folds, int k) {
        int min = Integer.MAX_VALUE;
        for (int first = 1; first <= folds; first++) {
            int s = 0;
            for (int j = 0; j < k; j++) {
                s += perFold[(first - 1 + j) % folds + 1];
            }
            min = Math.min(min, s);
        }
        return min;
    }

    /** The identification calibration for the manifest: threshold and expected FNIR per target FPIR and gallery size. */
    private void manifest(GallerySizeModel model, double refusal) {
        out.println("identification manifest lines (gallery-size model on all pairs; cells size:threshold:FNIR of matched"
                + " searches[:provisional]; refusals stated separately):");
        out.printf(Locale.ROOT, "  identification.calibration-id=%s/%s/%s%n", l.packId(), o.folders.toAbsolutePath().normalize().getParent()
                .getFileName(), java.time.LocalDate.now());
        out.printf(Locale.ROOT, "  identification.impostor-pairs=%d%n", model.impostorPairs());
        out.printf(Locale.ROOT, "  identification.refusal-rate=%.4f%n", refusal);
        out.println("  identification.margin=0");
        for (double fpir : TARGET_FPIRS) {
            List<String> cells = new ArrayList<>();
            for (int g : MANIFEST_SIZES) {
                GallerySizeModel.Point p = model.fit(fpir, g);
                cells.add(String.format(Locale.ROOT, "%d:%s:%.4f%s", g, Report.up4(p.threshold()), p.expectedFnir(),
                        p.resolvable() ? "" : ":provisional"));
            }
            out.printf(Locale.ROOT, "  identification.fpir.%s=%s%n", Report.plain(fpir), String.join(",", cells));
        }
    }
}
