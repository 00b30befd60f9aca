package io.consentry.face.cli;

import io.consentry.face.Analysis;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.Decision;
import io.consentry.face.EngineConfig;
import io.consentry.face.FaceEngine;
import io.consentry.face.QualityLimits;
import io.consentry.face.Template;
import io.consentry.face.eval.Metrics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Does flip test-time augmentation earn its cost? Embeds every image of a labelled pair list with and without it,
 * measures the CPU each analysis costs, and reports accuracy for three cases: both sides with TTA (how the default
 * pack is calibrated), neither, and templates enrolled with TTA compared with probes made without (what a site that
 * turned TTA off for its gate would do), each at the pack's own calibrated thresholds. On a two-recogniser pack the
 * choice applies to both recognisers (its own mix, TTA on the first only, is what {@code eval} measures).
 */
@Command(name = "flip-tta", description = "Accuracy and CPU cost of flip test-time augmentation on a labelled pair list "
        + "(with, without, enrolled with and probed without), at the pack's calibrated thresholds.")
public final class FlipTtaCommand implements Callable<Integer> {
    @CommandLine.Mixin
    FaceCli.EngineOpts eo;

    @Option(names = "--pairs", required = true, description = "CSV with header image_a,image_b,same[,fold]; paths relative to its folder")
    Path pairs;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;

    record Embedded(Template template, long cpuNanos) {
    }

    @Override
    public Integer call() throws Exception {
        List<EvalCommand.Pair> list = EvalCommand.readPairs(pairs);
        Path base = pairs.toAbsolutePath().getParent();
        LinkedHashSet<String> images = new LinkedHashSet<>();
        list.forEach(p -> {
            images.add(p.a());
            images.add(p.b());
        });
        Path pack = eo.pack != null ? eo.pack : FaceEngine.defaultPackDir();
        EngineConfig config = EngineConfig.defaults().withBackend(eo.backend == null ? null : EngineConfig.parseBackend(eo.backend));
        Map<String, Embedded> with;
        Map<String, Embedded> without;
        Decision decision;
        try (FaceEngine tta = FaceEngine.load(pack, config.withFlipTta(true));
             FaceEngine plain = FaceEngine.load(pack, config.withFlipTta(false))) {
            decision = tta.decision();
            System.out.printf(Locale.ROOT, "flip TTA study: pack %s, backend %s, pick %s, %d pairs, %d images%n",
                    tta.pack().id(), tta.backend(), eo.pick(), list.size(), images.size());
            with = embedAll(tta, base, images);
            without = embedAll(plain, base, images);
        }
        long[] cWith = cpu(with), cWithout = cpu(without);
        System.out.printf(Locale.ROOT, "CPU per analysis (thread CPU, liveness off, one call at a time per thread):%n"
                        + "  with TTA    p50 %.2f ms, mean %.2f ms%n  without TTA p50 %.2f ms, mean %.2f ms%n"
                        + "  TTA costs %.2f ms per face (p50 difference)%n",
                cWith[cWith.length / 2] / 1e6, mean(cWith) / 1e6, cWithout[cWithout.length / 2] / 1e6, mean(cWithout) / 1e6,
                (cWith[cWith.length / 2] - cWithout[cWithout.length / 2]) / 1e6);
        // a two-recogniser pack: TTA on or off applies to both; the pack's own mix is what eval measures
        report("both sides with TTA", list, with, with, decision);
        report("neither side with TTA", list, without, without, decision);
        report("enrolled with TTA, probe without", list, with, without, decision);
        return 0;
    }

    private Map<String, Embedded> embedAll(FaceEngine engine, Path base, LinkedHashSet<String> images) throws Exception {
        AnalyzeOptions opts = AnalyzeOptions.defaults().withPick(eo.pick()).withLiveness(false).withQuality(QualityLimits.lenient());
        Map<String, Embedded> out = new ConcurrentHashMap<>();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ExecutorService ex = Executors.newFixedThreadPool(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        List<Future<?>> fs = new ArrayList<>();
        for (String img : images) {
            fs.add(ex.submit(() -> {
                byte[] bytes = Files.readAllBytes(base.resolve(img));
                long c0 = cpu.getCurrentThreadCpuTime();
                Analysis a = engine.analyze(bytes, opts);
                long spent = cpu.getCurrentThreadCpuTime() - c0;
                if (!a.faces().isEmpty()) {
                    out.put(img, new Embedded(a.faces().get(0).template(), spent));
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        ex.shutdown();
        return out;
    }

    private static long[] cpu(Map<String, Embedded> m) {
        long[] c = m.values().stream().mapToLong(Embedded::cpuNanos).toArray();
        Arrays.sort(c);
        return c;
    }

    private static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    /** Scores image_a's template from {@code enrolled} against image_b's from {@code probes}; a missing face scores a reject. */
    private static void report(String label, List<EvalCommand.Pair> list, Map<String, Embedded> enrolled,
                               Map<String, Embedded> probes, Decision decision) {
        int n = list.size();
        float[] scores = new float[n];
        boolean[] same = new boolean[n];
        int[] fold = new int[n];
        List<Float> gen = new ArrayList<>(), imp = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EvalCommand.Pair p = list.get(i);
            Embedded a = enrolled.get(p.a()), b = probes.get(p.b());
            scores[i] = a == null || b == null ? -1e3f : decision.score(a.template(), b.template());
            same[i] = p.same();
            fold[i] = p.fold();
            (p.same() ? gen : imp).add(scores[i]);
        }
        float[] g = EvalCommand.toArray(gen), im = EvalCommand.toArray(imp);
        double[] k = Metrics.kFoldAccuracy(scores, same, fold);
        StringBuilder atPack = new StringBuilder();
        for (double far : decision.calibratedFars().descendingSet()) {
            float t = decision.threshold(far);
            atPack.append(String.format(Locale.ROOT, "  FAR %s thr %.4f: TAR %.2f%% FAR %.3f%%;", java.math.BigDecimal.valueOf(far * 100).stripTrailingZeros().toPlainString() + "%", t,
                    100.0 * share(g, t), 100.0 * share(im, t)));
        }
        System.out.printf(Locale.ROOT, "%s: k-fold accuracy %.2f%% ± %.2f, EER %.2f%%; at the pack's thresholds:%s%n", label,
                100 * k[0], 100 * k[1], 100 * Metrics.eer(g, im).eer(), atPack);
    }

    private static double share(float[] s, float threshold) {
        int c = 0;
        for (float v : s) {
            if (v >= threshold) {
                c++;
            }
        }
        return c / (double) s.length;
    }
}
