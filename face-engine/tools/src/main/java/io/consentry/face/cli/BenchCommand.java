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

    @Option(names = "--soak-threads", defaultValue = "1", description = "concurrent callers during --soak")
    int soakThreads;

    @Option(names = "--soak-liveness", defaultValue = "true", arity = "1", description = "run fr_liveness during --soak")
    boolean soakLiveness;

    @Option(names = "--soak-reports", defaultValue = "20", description = "RSS lines printed during --soak")
    int soakReports;

    /**
     * Native-memory soak: decode + analyse the same encoded image {@code soak} times from
     * {@code soakThreads} callers and print RSS, heap and time. Run it with a small fixed heap
     * (e.g. {@code java -Xms96m -Xmx96m -XX:+UseSerialGC -jar ...}) so RSS growth cannot be heap growth.
     */
    int soak() throws Exception {
        try (FaceEngine e = eo.open()) {
            byte[] jpg = Files.readAllBytes(image);
            AnalyzeOptions o = AnalyzeOptions.defaults().withLiveness(soakLiveness);
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            int every = Math.max(1, soak / Math.max(1, soakReports));
            long t0 = System.nanoTime();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "soak start: RSS %d MiB, max heap %d MiB, %d callers, liveness %s, opencv threads %d%n",
                    rssKb() / 1024, rt.maxMemory() >> 20, soakThreads, soakLiveness, org.opencv.core.Core.getNumThreads());
            ExecutorService ex = Executors.newFixedThreadPool(soakThreads);
            Future<?>[] fs = new Future<?>[soakThreads];
            for (int w = 0; w < soakThreads; w++) {
                fs[w] = ex.submit(() -> {
                    int i;
                    while ((i = done.getAndIncrement()) < soak) {
                        if (e.analyze(jpg, o).faces().isEmpty()) {
                            throw new IllegalStateException("no face in soak image");
                        }
                        if ((i + 1) % every == 0 || i == 0) {
                            System.out.printf(Locale.ROOT, "soak %d/%d: %.0f s, RSS %d MiB, heap used %d MiB%n", i + 1, soak,
                                    (System.nanoTime() - t0) / 1e9, rssKb() / 1024, (rt.totalMemory() - rt.freeMemory()) >> 20);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : fs) {
                f.get();
            }
            ex.shutdown();
            System.gc();
            System.out.printf(Locale.ROOT, "soak end: %d images in %.0f s, RSS %d MiB after GC, heap used %d MiB%n", soak,
                    (System.nanoTime() - t0) / 1e9, rssKb() / 1024, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
        return 0;
    }

    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean o ? o.getProcessCpuTime() : -1;
    }

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
            return soak();
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
                long[] ct = new long[iterations];
                var tmx = java.lang.management.ManagementFactory.getThreadMXBean();
                for (int i = 0; i < iterations; i++) {
                    long c0 = tmx.getCurrentThreadCpuTime();
                    long s = System.nanoTime();
                    e.analyze(img, o);
                    t[i] = System.nanoTime() - s;
                    ct[i] = tmx.getCurrentThreadCpuTime() - c0;
                }
                print("pipeline 640x480 (1 thread, flip-tta=" + e.flipTta() + ", opencv threads="
                        + org.opencv.core.Core.getNumThreads() + ")", t);
                if (org.opencv.core.Core.getNumThreads() == 1) {
                    print("  same, CPU time of the calling thread (= latency on an idle core)", ct);
                }
                ExecutorService ex = Executors.newFixedThreadPool(cores);
                long cpu0 = processCpuNanos();
                long s = System.nanoTime();
                Future<?>[] fs = new Future<?>[iterations * 2];
                for (int i = 0; i < fs.length; i++) {
                    fs[i] = ex.submit(() -> e.analyze(img, o));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                double secs = (System.nanoTime() - s) / 1e9;
                double cpuMs = (processCpuNanos() - cpu0) / 1e6 / fs.length;
                ex.shutdown();
                // on a shared machine wall-clock throughput depends on the neighbours; CPU time per image
                // does not (much): cores * 1000 / cpuMs is the throughput on otherwise idle cores
                System.out.printf(Locale.ROOT, "pipeline 640x480 (%d callers): %.1f images/s wall, %.1f CPU-ms per image"
                        + " -> %.1f images/s on %d idle cores (load average %.1f)%n", cores, fs.length / secs, cpuMs,
                        cores * 1000 / cpuMs, cores, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                img.release();
            }
        }
        if (gallerySize > 0) {
            int d = 512;
            System.gc();
            long heap0 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            Gallery g = new Gallery("bench", d);
            g.ensureCapacity(gallerySize);
            SplittableRandom r = new SplittableRandom(1);
            float[] v = new float[d];
            for (int i = 0; i < gallerySize; i++) {
                unit(r, v);
                g.putVector("id" + i, v);
            }
            System.gc();
            long heap1 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf(Locale.ROOT, "gallery n=%d: heap %.1f MiB (%.0f B per template incl. id and index)%n",
                    gallerySize, (heap1 - heap0) / 1048576.0, (heap1 - heap0) / (double) gallerySize);
            float[] q = new float[d];
            long[] t = new long[Math.max(20, iterations / 2)];
            for (int i = 0; i < 5; i++) {
                unit(r, q);
                g.search(q, 10);
            }
            long cpu0 = processCpuNanos();
            for (int i = 0; i < t.length; i++) {
                unit(r, q);
                long s = System.nanoTime();
                g.search(q, 10);
                t[i] = System.nanoTime() - s;
            }
            double cpuMs = (processCpuNanos() - cpu0) / 1e6 / t.length;
            print("gallery search top-10, n=" + gallerySize, t);
            System.out.printf(Locale.ROOT, "  %.1f CPU-ms per search -> %.1f ms on %d idle cores; scan %.2f GB/s per core of codes%n",
                    cpuMs, cpuMs / cores, cores, (double) gallerySize * (d / 2) / (cpuMs * 1e6));
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
