package io.consentry.face.cli;

import io.consentry.face.Box;
import io.consentry.face.FacePicker;
import io.consentry.face.Pick;
import io.consentry.face.Template;
import io.consentry.face.eval.EmbeddingCache;
import io.consentry.face.eval.GallerySizeModel;
import io.consentry.face.eval.IdentityImages;
import io.consentry.face.eval.OpenSetSimulation;
import io.consentry.face.eval.PairScores;
import io.consentry.face.eval.Subjects;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * {@code eval --folders --bystanders}: calibrates the gate's face-picking rule ({@link FacePicker.Rule}) on the
 * multi-face images of some folds and reports it on the others. The subject of an LFW photo is the face nearest the
 * centre, so a rule is right on an image when the face it takes is that one; a wrong pick decides on a bystander. The
 * rule chosen is the loosest (most images accepted) whose wrong picks stay at or below {@link #MAX_WRONG} of the
 * multi-face images it accepts. Then FNIR with refusals counted as misses is measured for three rules.
 */
final class BystanderEval {
    static final double MAX_WRONG = 0.01;
    static final double[] RATIOS = {0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8};
    static final double[] OFFSETS = {0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0};

    private final EvalCommand o;
    private final FolderEval.Loaded l;
    private final PrintStream out;

    BystanderEval(EvalCommand o, FolderEval.Loaded l, PrintStream out) {
        this.o = o;
        this.l = l;
        this.out = out;
    }

    /** One multi-face image: its largest faces' geometry and whether the largest is the subject. */
    record Multi(int image, double areaRatio, double offset, boolean largestIsSubject) {
    }

    void run() throws Exception {
        IdentityImages set = l.set();
        List<Multi> multi = new ArrayList<>();
        int images = 0;
        for (int i = 0; i < l.records().size(); i++) {
            EmbeddingCache.ImageRecord r = l.records().get(i);
            if (r.failed()) {
                continue;
            }
            images++;
            if (r.faces().size() < 2) {
                continue;
            }
            List<Box> boxes = new ArrayList<>();
            r.faces().forEach(f -> boxes.add(f.box()));
            int largest = FacePicker.pick(boxes, r.width(), r.height(), Pick.LARGEST).get(0);
            int subject = FacePicker.pick(boxes, r.width(), r.height(), Pick.CENTER).get(0);
            List<Integer> bySize = FacePicker.pick(boxes, r.width(), r.height(), Pick.ALL);
            double ratio = boxes.get(bySize.get(1)).area() / boxes.get(bySize.get(0)).area();
            multi.add(new Multi(i, ratio, FacePicker.centreOffset(boxes.get(largest), r.width(), r.height()), largest == subject));
        }
        out.println();
        out.printf(Locale.ROOT, "== bystanders: %d of %d analysed images have several faces (%s); the largest is the subject in %d of them%n",
                multi.size(), images, Report.pct(multi.size() / (double) images), multi.stream().filter(Multi::largestIsSubject).count());
        IntPredicate calib = f -> f <= 3;
        IntPredicate report = f -> f > 3;
        FacePicker.Rule best = null;
        int bestAccepted = -1;
        for (double ratio : RATIOS) {
            for (double offset : OFFSETS) {
                FacePicker.Rule rule = new FacePicker.Rule(ratio, offset);
                int[] c = count(multi, set, calib, rule);
                if (c[1] <= MAX_WRONG * c[0] && c[0] > bestAccepted) {
                    best = rule;
                    bestAccepted = c[0];
                }
            }
        }
        out.println("  rule | folds | multi-face images | accepted | wrong picks among accepted | refused");
        for (FacePicker.Rule rule : new FacePicker.Rule[] {best, FacePicker.GATE}) {
            if (rule == null) {
                continue;
            }
            for (String part : new String[] {"1-3 (calibration)", "4-5 (report)"}) {
                IntPredicate folds = part.startsWith("1") ? calib : report;
                int[] c = count(multi, set, folds, rule);
                out.printf(Locale.ROOT, "  %s%s | %s | %d | %d | %d (%s) | %d%n", rule == best ? "best on folds 1-3: " : "shipped GATE: ", rule, part,
                        c[2], c[0], c[1], Report.pct(c[1] / (double) Math.max(1, c[0])), c[2] - c[0]);
            }
        }
        // always-largest, for comparison
        for (String part : new String[] {"1-3", "4-5"}) {
            IntPredicate folds = part.startsWith("1") ? calib : report;
            long n = multi.stream().filter(m -> folds.test(set.fold(m.image()))).count();
            long wrong = multi.stream().filter(m -> folds.test(set.fold(m.image())) && !m.largestIsSubject()).count();
            out.printf(Locale.ROOT, "  always the largest | %s | %d | %d | %d (%s) | 0%n", part, n, n, wrong, Report.pct(wrong / (double) Math.max(1, n)));
        }
        fnirByRule(set);
    }

    /** {accepted, wrong among accepted, all} multi-face images of the folds. */
    private static int[] count(List<Multi> multi, IdentityImages set, IntPredicate folds, FacePicker.Rule rule) {
        int accepted = 0, wrong = 0, all = 0;
        for (Multi m : multi) {
            if (!folds.test(set.fold(m.image()))) {
                continue;
            }
            all++;
            if (m.areaRatio() <= rule.maxAreaRatio() && m.offset() <= rule.maxCentreOffset()) {
                accepted++;
                if (!m.largestIsSubject()) {
                    wrong++;
                }
            }
        }
        return new int[] {accepted, wrong, all};
    }

    /** FNIR (refusals are misses) and FPIR at G = 1,000, FPIR 1 % for three face-picking rules, on folds 4-5 only. */
    private void fnirByRule(IdentityImages set) throws Exception {
        int threads = o.threads != null ? o.threads : Runtime.getRuntime().availableProcessors();
        Template[] enrol = Subjects.of(l.records(), Pick.CENTER, FacePicker.GATE, false).templates();
        PairScores pairs = PairScores.of(set, enrol, l.decision()::score, o.maxImpostors, threads, o.seed);
        IntPredicate train = f -> f <= 3;
        GallerySizeModel model = new GallerySizeModel(pairs.impostors(train), pairs.genuines(train));
        int pool = 0;
        for (int f : set.foldOf()) {
            if (f > 3) {
                pool++;
            }
        }
        int g = Math.min(1000, (int) (pool * 0.8) / 100 * 100);
        float t = model.fit(0.01, g).threshold();
        out.printf(Locale.ROOT, "FNIR with refusals counted as misses, galleries of %d from folds 4-5, threshold %.4f (target FPIR 1%%, model on folds 1-3):%n", g, t);
        out.println("  search rule | refused searches | FNIR | FPIR");
        Object[][] rules = {{"refuse any frame with 2+ faces (before)", Pick.ALL}, {"DOMINANT (FacePicker.GATE)", Pick.DOMINANT},
                {"always the largest", Pick.LARGEST}};
        for (Object[] r : rules) {
            Subjects probe = Subjects.of(l.records(), (Pick) r[1], FacePicker.GATE, true);
            OpenSetSimulation.Result res = OpenSetSimulation.run(set, enrol, probe.templates(), l.decision()::score,
                    id -> set.foldOf()[id] > 3, g, o.trials, o.seed, threads);
            out.printf(Locale.ROOT, "  %s | %s | %s | %s%n", r[0], Report.pct(IdentificationEval.refusalRate(set, probe)),
                    Report.pct(res.fnir(t, 0f)), Report.pct(res.fpir(t, 0f)));
        }
    }
}
