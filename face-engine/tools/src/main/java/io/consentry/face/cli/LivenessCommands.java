package io.consentry.face.cli;

import io.consentry.face.Analysis;
import io.consentry.face.AnalyzeOptions;
import io.consentry.face.FaceEngine;
import io.consentry.face.FaceEngineException;
import io.consentry.face.Pick;
import io.consentry.face.QualityLimits;
import io.consentry.face.eval.PadMetrics;
import io.consentry.face.eval.SpoofSynthesis;
import org.opencv.core.Mat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** The liveness (presentation-attack detection) commands: a development spoof set generator and its evaluation. */
final class LivenessCommands {
    private LivenessCommands() {
    }

    static List<Path> images(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("(?i).+\\.(jpe?g|png|bmp|webp)$"))
                    .sorted().toList();
        }
    }

    @Command(name = "make-spoofs", description = "Development spoof set: for every single-person photo in --faces, bona fide "
            + "re-captures (live/) and synthesised print and screen replays (spoof/<species>/) of the same capture.")
    static final class MakeSpoofs implements Callable<Integer> {
        @CommandLine.Mixin
        FaceCli.EngineOpts eo;

        @Option(names = "--faces", required = true, description = "folder of live captures (e.g. ../shared/testdata/faces)")
        Path faces;

        @Option(names = "--out", required = true, description = "output folder (outside the repository)")
        Path out;

        @Option(names = "--variants", defaultValue = "4", description = "images per capture and kind")
        int variants;

        @Option(names = "--seed", defaultValue = "20261130")
        long seed;

        @Option(names = "--include", defaultValue = "[a-z_]+_\\d+(_\\w+)?\\.(jpg|png)",
                description = "regex of the capture file names used (default: the single-person photos)")
        String include;

        @Override
        public Integer call() throws Exception {
            SpoofSynthesis synth = new SpoofSynthesis(seed);
            int live = 0, spoof = 0;
            try (FaceEngine engine = eo.open()) {
                for (Path img : images(faces)) {
                    String name = img.getFileName().toString();
                    if (!name.matches(include) || name.startsWith("multi_") || name.startsWith("partial_") || name.startsWith("format_")) {
                        continue;
                    }
                    String stem = name.replaceAll("\\.\\w+$", "");
                    Mat bgr = engine.decode(Files.readAllBytes(img));
                    try {
                        Files.createDirectories(out.resolve("live"));
                        Files.copy(img, out.resolve("live").resolve(stem + "_orig" + name.substring(name.lastIndexOf('.'))),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        live++;
                        for (int v = 0; v < variants; v++) {
                            Files.write(out.resolve("live").resolve(stem + "_live" + v + ".jpg"), synth.live(bgr));
                            live++;
                        }
                        for (String species : SpoofSynthesis.SPECIES) {
                            Path dir = Files.createDirectories(out.resolve("spoof").resolve(species));
                            for (int v = 0; v < variants; v++) {
                                Files.write(dir.resolve(stem + "_" + species + v + ".jpg"), synth.attack(bgr, species));
                                spoof++;
                            }
                        }
                    } finally {
                        bgr.release();
                    }
                }
            }
            System.out.printf(Locale.ROOT, "wrote %d bona fide and %d attack images (%s) under %s%n", live, spoof,
                    String.join(", ", SpoofSynthesis.SPECIES), out.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "eval-liveness", description = "Liveness in ISO/IEC 30107-3 terms: APCER (per attack species and worst), "
            + "BPCER, ACER, EER, the threshold for a target BPCER, DET chart.")
    static final class EvalLiveness implements Callable<Integer> {
        @CommandLine.Mixin
        FaceCli.EngineOpts eo;

        @Option(names = "--live", required = true, description = "bona fide images")
        Path live;

        @Option(names = "--spoof", required = true, description = "attack images; each sub-folder is one species")
        Path spoof;

        @Option(names = "--target-bpcer", defaultValue = "0.05", description = "BPCER the proposed threshold must not exceed")
        double targetBpcer;

        @Option(names = "--threshold", description = "also report at this threshold (default: the pack's)")
        Float threshold;

        @Option(names = "--calibrate", description = "regex on file names: fit the threshold on these captures only, report it "
                + "on the others and propose it for the manifest (e.g. '^(obama|kit_harington|lin_manuel_miranda)_')")
        String calibrate;

        @Option(names = "--det-chart", description = "DET chart PNG (default det-liveness.png)")
        Path chart;

        @Option(names = "--curve-json", description = "also write BPCER/APCER against the threshold (all captures, the pack's "
                + "threshold marked) as the pack's liveness curve data")
        Path curveJson;

        @Option(names = "--data-note", description = "--curve-json: the 'data' text (what the captures and attacks are)")
        String dataNote;

        @Override
        public Integer call() throws Exception {
            try (FaceEngine engine = eo.open()) {
                Map<Path, Float> scores = new LinkedHashMap<>();
                int noFace = 0;
                AnalyzeOptions opts = AnalyzeOptions.defaults().withPick(Pick.LARGEST).withTemplate(false).withLiveness(true)
                        .withQuality(QualityLimits.lenient());
                List<Path> all = new ArrayList<>(images(live));
                all.addAll(images(spoof));
                for (Path img : all) {
                    float s = Float.NaN;
                    try {
                        Analysis a = engine.analyze(Files.readAllBytes(img), opts);
                        if (!a.faces().isEmpty()) {
                            s = a.faces().get(0).liveness();
                        }
                    } catch (FaceEngineException e) {
                        // unreadable or no face: no score, never accepted
                    }
                    if (Float.isNaN(s)) {
                        noFace++;
                    }
                    scores.put(img, s);
                }
                float packThreshold = threshold != null ? threshold : engine.livenessThreshold();
                System.out.printf(Locale.ROOT, "pack %s: %d images, %d without a face or score (never accepted)%n", engine.pack().id(),
                        all.size(), noFace);
                String given = threshold != null ? "given" : "pack's";
                if (calibrate == null) {
                    report("all captures", metrics(scores, null, true), Map.of(given, packThreshold), true, null);
                } else {
                    PadMetrics fit = metrics(scores, calibrate, true);
                    PadMetrics held = metrics(scores, calibrate, false);
                    float t = fit.thresholdForBpcer(targetBpcer);
                    System.out.printf(Locale.ROOT, "threshold fitted on the captures matching %s: %.5f (BPCER <= %s there)%n", calibrate, t,
                            Report.pct(targetBpcer));
                    report("fitted captures", fit, Map.of("fitted", t), false, null);
                    report("held-out captures", held, Map.of("fitted on the other captures", t), false, null);
                    Map<String, Float> at = new LinkedHashMap<>();
                    at.put(given, packThreshold);
                    at.put("fitted on the --calibrate captures", t);
                    report("all captures", metrics(scores, null, true), at, true, t);
                }
                if (curveJson != null) {
                    Files.writeString(curveJson, io.consentry.face.eval.LivenessCurve.toJson(metrics(scores, null, true),
                            engine.pack().id(), engine.livenessThreshold(), dataNote != null ? dataNote : live + " vs " + spoof));
                    System.out.println("liveness curve data: " + curveJson.toAbsolutePath());
                }
            }
            return 0;
        }

        private PadMetrics metrics(Map<Path, Float> scores, String regex, boolean matching) {
            List<Float> bona = new ArrayList<>();
            Map<String, List<Float>> att = new LinkedHashMap<>();
            java.util.regex.Pattern p = regex == null ? null : java.util.regex.Pattern.compile(regex);
            scores.forEach((img, s) -> {
                if (p != null && p.matcher(img.getFileName().toString()).find() != matching) {
                    return;
                }
                if (img.startsWith(live)) {
                    bona.add(s);
                } else {
                    Path rel = spoof.relativize(img);
                    String species = rel.getNameCount() > 1 ? rel.getName(0).toString() : "attack";
                    att.computeIfAbsent(species, k -> new ArrayList<>()).add(s);
                }
            });
            Map<String, float[]> a = new LinkedHashMap<>();
            att.forEach((k, v) -> a.put(k, toArray(v)));
            return new PadMetrics(toArray(bona), a);
        }

        /**
         * Rates at the given thresholds (label per threshold); with {@code chartAndProposal} also at the highest
         * threshold with BPCER at most the target on these captures, the DET chart and the manifest line, which takes
         * {@code fitted} when a threshold was fitted on other captures (the out-of-sample procedure), else that one.
         */
        private void report(String label, PadMetrics m, Map<String, Float> thresholds, boolean chartAndProposal, Float fitted)
                throws Exception {
            double[] eer = m.eer();
            System.out.printf(Locale.ROOT, "[%s] %d bona fide, attacks %s; EER %s at %.4f%n", label, m.bonaFideCount(), m.attackCounts(),
                    Report.pct(eer[0]), eer[1]);
            Map<String, Float> rows = new LinkedHashMap<>(thresholds);
            float highest = m.thresholdForBpcer(targetBpcer);
            if (chartAndProposal) {
                rows.put("highest with BPCER <= " + Report.pct(targetBpcer) + " here", highest);
            }
            System.out.println("  threshold | BPCER | APCER per species | APCER max | APCER pooled | ACER");
            for (Map.Entry<String, Float> r : rows.entrySet()) {
                float t = r.getValue();
                StringBuilder sp = new StringBuilder();
                for (String s : m.species()) {
                    sp.append(sp.length() == 0 ? "" : ", ").append(s).append(' ').append(Report.pct(m.apcer(s, t)));
                }
                System.out.printf(Locale.ROOT, "  %.5f (%s) | %s | %s | %s | %s | %s%n", t, r.getKey(), Report.pct(m.bpcer(t)), sp,
                        Report.pct(m.apcerMax(t)), Report.pct(m.apcerPooled(t)), Report.pct(m.acer(t)));
            }
            if (chartAndProposal) {
                float[] c = m.candidates();
                double[] b = new double[c.length], a = new double[c.length];
                for (int i = 0; i < c.length; i++) {
                    b[i] = m.bpcer(c[i]);
                    a[i] = m.apcerMax(c[i]);
                }
                Path out = chart != null ? chart : Path.of("det-liveness.png");
                DetChart.liveness(out, b, a, String.format(Locale.ROOT, "Liveness DET (worst species), EER %s", Report.pct(eer[0])));
                System.out.println("DET chart: " + out.toAbsolutePath());
                System.out.printf(Locale.ROOT, "manifest line (%s): model.liveness.threshold=%s%n", fitted != null
                        ? "fitted on the --calibrate captures" : "highest with BPCER <= target on all captures",
                        Report.down4(fitted != null ? fitted : highest));
            }
        }

        private static float[] toArray(List<Float> l) {
            float[] a = new float[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = l.get(i);
            }
            return a;
        }
    }
}
