package io.consentry.face.cli;

import io.consentry.face.Decision;
import io.consentry.face.FaceEngine;
import io.consentry.face.FacePicker;
import io.consentry.face.Pick;
import io.consentry.face.eval.CrossValidation;
import io.consentry.face.eval.EmbeddingCache;
import io.consentry.face.eval.FarCalibration;
import io.consentry.face.eval.IdentityImages;
import io.consentry.face.eval.Metrics;
import io.consentry.face.eval.PairScores;
import io.consentry.face.eval.ScoreCurves;
import io.consentry.face.eval.Subjects;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code eval --folders}: verification calibration at scale on an identity-folder set. Every image is analysed once
 * (cached), every cross-identity pair is scored (a dot product each), and each target FAR gets its threshold with the
 * number of impostor pairs behind it and a Clopper–Pearson interval; {@code --cross-validate} measures the achieved
 * FAR on held-out identities and decides which rates a site policy may select.
 */
final class FolderEval {
    static final double[] TARGET_FARS = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6};

    private final EvalCommand o;
    private final PrintStream out = System.out;

    FolderEval(EvalCommand options) {
        this.o = options;
    }

    /** The analysed set: images, folds, cached faces. */
    record Loaded(IdentityImages set, List<EmbeddingCache.ImageRecord> records, String packId, String packVersion,
                  Decision decision) {
    }

    Loaded load() throws Exception {
        IdentityImages set = IdentityImages.scan(o.folders, o.foldsFrom, o.folds);
        out.println("set: " + o.folders + ": " + set.summary());
        int threads = o.threads != null ? o.threads : Runtime.getRuntime().availableProcessors();
        try (FaceEngine engine = o.eo.open()) {
            Path cache = o.cache != null ? o.cache : EmbeddingCache.defaultFile(engine, set);
            List<EmbeddingCache.ImageRecord> records = EmbeddingCache.load(engine, set, cache, threads, System.err);
            out.printf(Locale.ROOT, "pack: %s, alignment: %s, flip-tta: %s%n", engine.pack().id(), engine.alignMode(), engine.flipTta());
            return new Loaded(set, records, engine.pack().id(), engine.pack().version(), engine.decision());
        }
    }

    Subjects subjects(Loaded l, Pick pick, boolean gateQuality) {
        Subjects s = Subjects.of(l.records(), pick, FacePicker.GATE, gateQuality);
        Map<String, Integer> why = new TreeMap<>();
        for (String r : s.refusals()) {
            if (r != null) {
                why.merge(r, 1, Integer::sum);
            }
        }
        out.printf(Locale.ROOT, "subjects: pick=%s%s, %d of %d images refused %s%n", pick.name().toLowerCase(Locale.ROOT),
                gateQuality ? ", gate quality" : "", s.refused(), s.templates().length, why);
        return s;
    }

    int run() throws Exception {
        Loaded l = load();
        Subjects s = subjects(l, o.eo.pick(), false);
        int threads = o.threads != null ? o.threads : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        PairScores scores = PairScores.of(l.set(), s.templates(), l.decision()::score, o.maxImpostors, threads, o.seed);
        float[] imp = scores.allImpostors(), gen = scores.allGenuines();
        out.printf(Locale.ROOT, "pairs: %,d impostor (%s), %,d genuine, scored in %.1fs%n", imp.length,
                scores.sampled() ? "uniform sample of the cross-identity pairs" : "every cross-identity pair", gen.length,
                (System.nanoTime() - t0) / 1e9);
        Metrics.Eer eer = Metrics.eer(gen, imp);
        out.printf(Locale.ROOT, "EER: %.2f%% (threshold %.4f)%n", eer.eer() * 100, eer.threshold());
        out.println("FAR thresholds on these impostor pairs (in sample; 95% interval: Clopper-Pearson over pairs, which share identities,");
        out.println("so it understates the spread between groups of people - see --cross-validate):");
        out.println("  target FAR | threshold | impostor pairs | accepted | measured FAR | 95% CI | TAR | resolvable (n*FAR >= 30)");
        List<FarCalibration.Fit> fits = new ArrayList<>();
        for (double far : TARGET_FARS) {
            FarCalibration.Fit f = FarCalibration.fit(imp, gen, far);
            fits.add(f);
            out.printf(Locale.ROOT, "  %-10s | %s | %,d | %,d | %s | [%s, %s] | %.2f%% | %s%n", Report.rate(far), Report.up4(f.threshold()),
                    f.impostorPairs(), f.falseAccepts(), Report.rate(f.measuredFar()), Report.rate(f.ci95()[0]),
                    Report.rate(f.ci95()[1]), f.tar() * 100, f.resolvable() ? "yes" : "NO");
        }
        List<CrossValidation.Row> cv = null;
        if (o.crossValidate) {
            cv = CrossValidation.run(scores, l.set().folds(), TARGET_FARS);
            out.printf(Locale.ROOT, "cross-validation by identity (%d folds: fit on the other folds' identities, measured on the held-out fold's):%n",
                    l.set().folds());
            out.println("  nominal FAR | thresholds per fold | held-out impostor pairs | accepted | achieved FAR | achieved/nominal | 95% CI | FRR | selectable (CI high <= 1.5x nominal)");
            for (CrossValidation.Row r : cv) {
                StringBuilder th = new StringBuilder();
                for (CrossValidation.Fold f : r.folds()) {
                    th.append(th.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", f.threshold()));
                }
                out.printf(Locale.ROOT, "  %-11s | %s | %,d | %,d | %s | %.2f | [%s, %s] | %.2f%% | %s%n", Report.rate(r.targetFar()), th,
                        r.testPairs(), r.falseAccepts(), Report.rate(r.achievedFar()), r.ratio(), Report.rate(r.ci95()[0]),
                        Report.rate(r.ci95()[1]), r.frr() * 100, r.selectable() ? "yes" : "PROVISIONAL");
            }
        }
        out.println("manifest lines (thresholds fitted on all identities; selectable: resolvable on all pairs and, with"
                + " --cross-validate, the held-out 95% CI at most 1.5x nominal):");
        for (int i = 0; i < fits.size(); i++) {
            FarCalibration.Fit f = fits.get(i);
            String key = Report.plain(f.targetFar());
            out.printf(Locale.ROOT, "  calibration.threshold.far.%s=%s%n", key, Report.up4(f.threshold()));
            String evidence = String.format(Locale.ROOT, "%,d impostor pairs, %,d accepted (95%% CI %s-%s)", f.impostorPairs(),
                    f.falseAccepts(), Report.rate(f.ci95()[0]), Report.rate(f.ci95()[1]));
            if (cv != null) {
                CrossValidation.Row r = cv.get(i);
                evidence += String.format(Locale.ROOT, "; out of sample (%d folds by identity): achieved %s on %,d pairs, %.2fx nominal, 95%% CI up to %s",
                        r.folds().size(), Report.rate(r.achievedFar()), r.testPairs(), r.ratio(), Report.rate(r.ci95()[1]));
            }
            out.printf(Locale.ROOT, "  calibration.far.%s.evidence=%s%n", key, evidence);
            boolean selectable = f.resolvable() && (cv == null || cv.get(i).selectable());
            out.printf(Locale.ROOT, "  calibration.far.%s.status=%s%n", key, selectable ? "selectable" : "provisional");
        }
        out.printf(Locale.ROOT, "  calibration.threshold.eer=%.4f%n", eer.threshold());
        if (o.calibrationJson != null) {
            float[] gc = withFailureScore(gen), ic = withFailureScore(imp);
            ScoreCurves c = ScoreCurves.of(gc, ic, 65, 131);
            Files.writeString(o.calibrationJson, c.toJson(l.packId(), o.dataNote != null ? o.dataNote : String.valueOf(o.folders)));
            out.println("calibration chart data: " + o.calibrationJson.toAbsolutePath());
        }
        Path chart = o.chart != null ? o.chart : Path.of("eval-" + o.folders.getFileName() + ".png");
        List<Metrics.AtFar> atFar = new ArrayList<>();
        for (double far : new double[] {1e-2, 1e-3, 1e-4}) {
            atFar.add(Metrics.tarAtFar(gen, imp, far));
        }
        Charts.write(chart, withFailureScore(gen), withFailureScore(imp), eer, atFar, String.valueOf(o.folders.getFileName()));
        out.println("chart: " + chart.toAbsolutePath());
        if (o.bystanders) {
            new BystanderEval(o, l, out).run();
        }
        if (o.identification) {
            new IdentificationEval(o, l, out).run();
        }
        return 0;
    }

    /** Refused pairs as {@link ScoreCurves#FAILURE} for the chart data, which counts them in its lowest bin. */
    static float[] withFailureScore(float[] s) {
        float[] c = s.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == PairScores.REJECT) {
                c[i] = ScoreCurves.FAILURE;
            }
        }
        return c;
    }
}
