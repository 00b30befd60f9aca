package io.consentry.face.cli;

import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Analysis;
import io.consentry.face.FaceEngine;
import io.consentry.face.FaceEngineException;
import io.consentry.face.QualityLimits;
import io.consentry.face.Template;
import io.consentry.face.eval.Metrics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "eval", description = "Verification accuracy on a labelled pair list (EER, TAR at FAR 1%%/0.1%%/0.01%%, "
        + "k-fold accuracy, PNG chart), or calibration at scale on identity folders: every cross-identity pair from "
        + "cached embeddings, FAR thresholds with confidence intervals, --cross-validate by identity, --identification "
        + "(open-set 1:N: FNIR at FPIR by gallery size, DET chart).")
public final class EvalCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin
    FaceCli.EngineOpts eo;

    @Option(names = "--pairs", description = "CSV with header image_a,image_b,same[,fold]; paths relative to the CSV's folder")
    Path pairs;

    @Option(names = "--folders", description = "identity-per-folder tree: every same-folder pair is genuine, every "
            + "cross-folder pair an impostor pair (from embeddings cached per pack)")
    Path folders;

    @Option(names = "--impostors", defaultValue = "100000000", description = "--folders: score every cross-identity pair "
            + "up to this many, else a uniform sample of this many")
    long maxImpostors;

    @Option(names = "--folds-from", description = "--folders: pair list with an identity-disjoint fold column "
            + "(e.g. lfw-dev/pairs.csv) giving each identity its fold; others get a fold by a hash of their name")
    Path foldsFrom;

    @Option(names = "--folds", defaultValue = "5", description = "--folders: number of folds when no list gives them")
    int folds;

    @Option(names = "--cache", description = "--folders: embedding cache file (default ~/.cache/consentry/eval/<pack>-<key>.emb)")
    Path cache;

    @Option(names = "--cross-validate", description = "--folders: fit on k-1 folds' identities, measure FAR/FRR on the held-out fold's")
    boolean crossValidate;

    @Option(names = "--identification", description = "--folders: open-set 1:N simulation (FNIR at FPIR by gallery size, "
            + "runner-up margin, bystander rule, DET chart) and the identification calibration lines")
    boolean identification;

    @Option(names = "--bystanders", description = "--folders: calibrate the gate's face-picking rule on folds 1-3, "
            + "report it on folds 4-5, FNIR with refusals as misses per rule")
    boolean bystanders;

    @Option(names = "--galleries", split = ",", defaultValue = "100,1000,10000", description = "--identification: gallery sizes to report")
    List<Integer> galleries;

    @Option(names = "--trials", defaultValue = "20", description = "--identification: random galleries per simulated size")
    int trials;

    @Option(names = "--det-chart", description = "--identification: DET chart PNG (default det-<name>.png)")
    Path detChart;

    @Option(names = "--seed", defaultValue = "20261130", description = "random seed (sampling, gallery draws)")
    long seed;

    @Option(names = "--calibration-json", description = "--folders: also write the pack's calibration chart data (ScoreCurves JSON)")
    Path calibrationJson;

    @Option(names = "--data-note", description = "--folders: the 'data' text of the calibration chart data")
    String dataNote;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--chart", description = "PNG chart output (default: eval-<name>.png in the working directory)")
    Path chart;

    @Option(names = "--limit", description = "only the first N pairs (quick runs)")
    Integer limit;

    @Option(names = "--scores", description = "also write per-pair scores to this CSV")
    Path scoresOut;

    record Pair(String a, String b, boolean same, int fold) {
    }

    @Override
    public Integer call() throws Exception {
        if ((pairs == null) == (folders == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give exactly one of --pairs or --folders");
        }
        if (folders != null) {
            return new FolderEval(this).run();
        }
        Path base = pairs.toAbsolutePath().getParent();
        List<Pair> list = readPairs(pairs);
        String name = pairs.getFileName().toString().replaceAll("\\.csv$", "");
        if (limit != null && list.size() > limit) {
            list = list.subList(0, limit);
        }
        LinkedHashSet<String> images = new LinkedHashSet<>();
        for (Pair p : list) {
            images.add(p.a);
            images.add(p.b);
        }
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Map<String, Template> templates = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        io.consentry.face.Decision decision;
        try (FaceEngine engine = eo.open()) {
            decision = engine.decision();
            System.out.printf(Locale.ROOT, "pack: %s, alignment: %s, flip-tta: %s, pick: %s, %d pairs, %d images, %d threads%n",
                    engine.pack().id(), engine.alignMode(), engine.flipTta(), eo.pick(), list.size(), images.size(), nThreads);
            AnalyzeOptions opts = AnalyzeOptions.defaults().withPick(eo.pick()).withLiveness(false)
                    .withQuality(QualityLimits.lenient());
            ExecutorService ex = Executors.newFixedThreadPool(nThreads);
            AtomicInteger done = new AtomicInteger();
            int total = images.size();
            int step = Math.max(1, total / 20);
            List<Future<?>> fs = new ArrayList<>();
            for (String img : images) {
                fs.add(ex.submit(() -> {
                    try {
                        Analysis a = engine.analyze(Files.readAllBytes(base.resolve(img)), opts);
                        if (a.faces().isEmpty()) {
                            failures.put(img, "no_face_found");
                        } else {
                            templates.put(img, a.faces().get(0).template());
                        }
                    } catch (FaceEngineException e) {
                        failures.put(img, e.code().code());
                    } catch (Exception e) {
                        failures.put(img, e.toString());
                    }
                    int d = done.incrementAndGet();
                    if (d % step == 0 || d == total) {
                        double el = (System.nanoTime() - t0) / 1e9;
                        System.err.printf(Locale.ROOT, "\r[eval] %d/%d images (%.0f%%) %.1f img/s, ETA %.0fs   ", d, total,
                                100.0 * d / total, d / el, (total - d) / (d / el));
                        if (d == total) {
                            System.err.println();
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            ex.shutdown();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int n = list.size();
        float[] scores = new float[n];
        boolean[] same = new boolean[n];
        int[] fold = new int[n];
        int failedPairs = 0;
        List<Float> gen = new ArrayList<>(), imp = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pair p = list.get(i);
            Template a = templates.get(p.a), b = templates.get(p.b);
            // a detection failure counts as the lowest score (a reject), never dropped
            scores[i] = (a == null || b == null) ? -1f : decision.score(a, b);
            if (a == null || b == null) {
                failedPairs++;
            }
            same[i] = p.same;
            fold[i] = p.fold;
            (p.same ? gen : imp).add(scores[i]);
        }
        float[] g = toArray(gen), im = toArray(imp);
        System.out.printf(Locale.ROOT, "images: %d in %.1fs (%.1f img/s); detection failures: %d images, %d pairs%n",
                images.size(), secs, images.size() / secs, failures.size(), failedPairs);
        failures.forEach((k, v) -> System.out.println("  failed: " + k + " (" + v + ")"));
        int k = templates.values().stream().findFirst().map(Template::vectorCount).orElse(1);
        if (k > 1) {
            // each recogniser alone, then a z-normalised sum refitted on this set's impostor scores
            float[][] per = new float[k][n];
            double[] mean = new double[k], std = new double[k];
            for (int r = 0; r < k; r++) {
                double s1 = 0, s2 = 0;
                int ni = 0;
                for (int i = 0; i < n; i++) {
                    Pair p = list.get(i);
                    Template a = templates.get(p.a), b = templates.get(p.b);
                    per[r][i] = (a == null || b == null) ? -1f : a.similarity(b, r);
                    if (!p.same && a != null && b != null) {
                        s1 += per[r][i];
                        s2 += (double) per[r][i] * per[r][i];
                        ni++;
                    }
                }
                mean[r] = s1 / Math.max(1, ni);
                std[r] = Math.sqrt(Math.max(1e-12, s2 / Math.max(1, ni) - mean[r] * mean[r]));
                summary("recogniser " + r + (r == 0 ? " (embed)" : " (embed" + (r + 1) + ")"), per[r], same, fold);
            }
            double[] w = new double[k];
            Arrays.fill(w, 1.0);
            io.consentry.face.Decision.Fusion refit = new io.consentry.face.Decision.Fusion(w, mean, std);
            float[] fused = new float[n];
            float[] sc = new float[k];
            for (int i = 0; i < n; i++) {
                Pair p = list.get(i);
                boolean missing = templates.get(p.a) == null || templates.get(p.b) == null;
                for (int r = 0; r < k; r++) {
                    sc[r] = per[r][i];
                }
                fused[i] = missing ? -1e3f : refit.fuse(sc);
            }
            summary("fused, z-normalised sum refitted here", fused, same, fold);
            System.out.println("fusion manifest lines (refitted on this set's impostor pairs):");
            System.out.printf(Locale.ROOT, "  fusion.recognisers=%d%n", k);
            for (int r = 0; r < k; r++) {
                System.out.printf(Locale.ROOT, "  fusion.%d.weight=1%n  fusion.%d.mean=%.6f%n  fusion.%d.std=%.6f%n", r, r, mean[r], r, std[r]);
            }
            System.out.println("pack decision score (" + (decision.fusion() != null ? "fused with the pack's fusion.* parameters" : "primary")
                    + "), full report:");
        }
        System.out.printf(Locale.ROOT, "genuine:  n=%d %s%n", g.length, dist(g));
        System.out.printf(Locale.ROOT, "impostor: n=%d %s%n", im.length, dist(im));
        Metrics.Eer eer = Metrics.eer(g, im);
        System.out.printf(Locale.ROOT, "EER: %.2f%% (threshold %.4f)%n", eer.eer() * 100, eer.threshold());
        List<Metrics.AtFar> fars = new ArrayList<>();
        for (double far : new double[] {1e-2, 1e-3, 1e-4}) {
            Metrics.AtFar r = Metrics.tarAtFar(g, im, far);
            fars.add(r);
            System.out.printf(Locale.ROOT, "TAR@FAR=%s: %.2f%% (threshold %.4f, measured FAR %.4f%%%s)%n", pct(far),
                    r.tar() * 100, r.threshold(), r.far() * 100,
                    r.resolvable() ? "" : "; only " + im.length + " impostor pairs: threshold is above the highest impostor score");
        }
        boolean hasFolds = Arrays.stream(fold).distinct().count() > 1;
        if (hasFolds) {
            double[] acc = Metrics.kFoldAccuracy(scores, same, fold);
            System.out.printf(Locale.ROOT, "k-fold accuracy: %.2f%% +- %.2f%% (%d folds, threshold chosen on the other folds)%n",
                    acc[0] * 100, acc[1] * 100, Arrays.stream(fold).distinct().count());
        }
        float best = Metrics.bestThreshold(scores, same);
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if ((scores[i] >= best) == same[i]) {
                ok++;
            }
        }
        System.out.printf(Locale.ROOT, "best-threshold accuracy (optimistic, all pairs): %.2f%% at %.4f%n", 100.0 * ok / n, best);
        System.out.println("manifest lines:");
        for (Metrics.AtFar r : fars) {
            System.out.printf(Locale.ROOT, "  calibration.threshold.far.%s=%.4f%n", plain(r.targetFar()), r.threshold());
        }
        System.out.printf(Locale.ROOT, "  calibration.threshold.eer=%.4f%n", eer.threshold());
        if (scoresOut != null) {
            StringBuilder sb = new StringBuilder("image_a,image_b,same,fold,score\n");
            for (int i = 0; i < n; i++) {
                Pair p = list.get(i);
                sb.append(p.a).append(',').append(p.b).append(',').append(p.same).append(',').append(p.fold).append(',')
                        .append(String.format(Locale.ROOT, "%.5f", scores[i])).append('\n');
            }
            Files.writeString(scoresOut, sb.toString());
        }
        Path out = chart != null ? chart : Path.of("eval-" + name + ".png");
        Charts.write(out, g, im, eer, fars, name);
        System.out.println("chart: " + out.toAbsolutePath());
        return 0;
    }

    private static String plain(double far) {
        return new java.math.BigDecimal(far).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** One line per recogniser: EER, TAR at FAR 1 % / 0.1 %, k-fold accuracy. */
    static void summary(String label, float[] scores, boolean[] same, int[] fold) {
        List<Float> gen = new ArrayList<>(), imp = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            (same[i] ? gen : imp).add(scores[i]);
        }
        float[] g = toArray(gen), im = toArray(imp);
        Metrics.Eer eer = Metrics.eer(g, im);
        Metrics.AtFar f2 = Metrics.tarAtFar(g, im, 1e-2), f3 = Metrics.tarAtFar(g, im, 1e-3);
        String acc = "";
        if (Arrays.stream(fold).distinct().count() > 1) {
            double[] a = Metrics.kFoldAccuracy(scores, same, fold);
            acc = String.format(Locale.ROOT, ", k-fold accuracy %.2f%% +- %.2f%%", a[0] * 100, a[1] * 100);
        }
        System.out.printf(Locale.ROOT, "[%s] EER %.2f%% (thr %.4f), TAR@FAR1%% %.2f%% (thr %.4f), TAR@FAR0.1%% %.2f%% (thr %.4f)%s%n",
                label, eer.eer() * 100, eer.threshold(), f2.tar() * 100, f2.threshold(), f3.tar() * 100, f3.threshold(), acc);
    }

    private static String pct(double far) {
        return new java.math.BigDecimal(far * 100).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString() + "%";
    }

    static float[] toArray(List<Float> l) {
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    static String dist(float[] s) {
        if (s.length == 0) {
            return "";
        }
        float[] c = s.clone();
        Arrays.sort(c);
        double mean = 0;
        for (float v : c) {
            mean += v;
        }
        mean /= c.length;
        return String.format(Locale.ROOT, "mean=%.3f min=%.3f p1=%.3f p50=%.3f p99=%.3f max=%.3f", mean, c[0],
                c[(int) (0.01 * (c.length - 1))], c[(c.length - 1) / 2], c[(int) (0.99 * (c.length - 1))], c[c.length - 1]);
    }

    static List<Pair> readPairs(Path csv) throws Exception {
        List<Pair> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException("empty CSV");
            }
            List<String> h = Arrays.asList(header.trim().split(","));
            int ia = h.indexOf("image_a"), ib = h.indexOf("image_b"), is = h.indexOf("same"), iff = h.indexOf("fold");
            if (ia < 0 || ib < 0 || is < 0) {
                throw new IllegalArgumentException("CSV header must contain image_a,image_b,same");
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                out.add(new Pair(f[ia].trim(), f[ib].trim(), Boolean.parseBoolean(f[is].trim()),
                        iff >= 0 ? Integer.parseInt(f[iff].trim()) : 0));
            }
        }
        return out;
    }
}
