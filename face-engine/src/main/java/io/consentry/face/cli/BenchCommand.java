package io.consentry.face.cli;

import io.consentry.face.AnalyzeOptions;
import io.consentry.face.FaceEngine;
import io.consentry.face.Gallery;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Quick latency check (nanoTime percentiles). The reference numbers come from the JMH suite (-Pjmh). */
@Command(name = "bench", description = "Quick latency check: pipeline on an image resized to 640x480 (1 thread and all cores), "
        + "gallery search over N synthetic templates. For reference numbers use the JMH suite (README).")
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin
    FaceCli.EngineOpts eo;

    @Parameters(index = "0", arity = "0..1", description = "photo (resized to 640x480)")
    Path image;

    @Option(names = "--iterations", defaultValue = "100")
    int iterations;

    @Option(names = "--gallery", defaultValue = "100000", description = "synthetic gallery size (0 = skip)")
    int gallerySize;

    @Option(names = "--soak", defaultValue = "0", description = "decode+analyse the JPEG N times and print the process RSS (native memory check)")
    int soak;

    static long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    @Override
    public Integer call() throws Exception {
        if (soak > 0 && image != null) {
            try (FaceEngine e = eo.open()) {
                byte[] jpg = Files.readAllBytes(image);
                AnalyzeOptions o = AnalyzeOptions.defaults();
                for (int i = 0; i < soak; i++) {
                    e.analyze(jpg, o);
                    if (i % Math.max(1, soak / 10) == 0 || i == soak - 1) {
                        System.out.printf(Locale.ROOT, "soak %d/%d: RSS %d MiB, heap used %d MiB%n", i + 1, soak, rssKb() / 1024,
                                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
                    }
                }
            }
            return 0;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (image != null) {
            try (FaceEngine e = eo.open()) {
                Mat raw = e.decode(Files.readAllBytes(image));
                Mat img = new Mat();
                Imgproc.resize(raw, img, new Size(640, 480));
                raw.release();
                AnalyzeOptions o = AnalyzeOptions.defaults().withPick(io.consentry.face.Pick.LARGEST);
                for (int i = 0; i < 10; i++) {
                    e.analyze(img, o);
                }
                long[] t = new long[iterations];
                for (int i = 0; i < iterations; i++) {
                    long s = System.nanoTime();
                    e.analyze(img, o);
                    t[i] = System.nanoTime() - s;
                }
                print("pipeline 640x480 (1 thread, flip-tta=" + e.flipTta() + ")", t);
                ExecutorService ex = Executors.newFixedThreadPool(cores);
                long s = System.nanoTime();
                Future<?>[] fs = new Future<?>[iterations * 2];
                for (int i = 0; i < fs.length; i++) {
                    fs[i] = ex.submit(() -> e.analyze(img, o));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                double secs = (System.nanoTime() - s) / 1e9;
                ex.shutdown();
                System.out.printf(Locale.ROOT, "pipeline 640x480 (%d threads): %.1f images/s%n", cores, fs.length / secs);
                img.release();
            }
        }
        if (gallerySize > 0) {
            int d = 512;
            Gallery g = new Gallery("bench", d);
            g.ensureCapacity(gallerySize);
            SplittableRandom r = new SplittableRandom(1);
            float[] v = new float[d];
            for (int i = 0; i < gallerySize; i++) {
                unit(r, v);
                g.putVector("id" + i, v);
            }
            float[] q = new float[d];
            long[] t = new long[Math.max(20, iterations / 2)];
            for (int i = 0; i < 5; i++) {
                unit(r, q);
                g.search(q, 10);
            }
            for (int i = 0; i < t.length; i++) {
                unit(r, q);
                long s = System.nanoTime();
                g.search(q, 10);
                t[i] = System.nanoTime() - s;
            }
            print("gallery search top-10, n=" + gallerySize, t);
        }
        return 0;
    }

    static void unit(SplittableRandom r, float[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
            s += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(s));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }

    static void print(String what, long[] t) {
        long[] c = t.clone();
        Arrays.sort(c);
        System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p90 %.2f ms, min %.2f ms (n=%d)%n", what, c[c.length / 2] / 1e6,
                c[(int) (c.length * 0.9)] / 1e6, c[0] / 1e6, c.length);
    }
}
