package io.consentry.face;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Native memory stays flat while images are analysed: a child JVM with a fixed, pre-touched heap (so its RSS can only
 * grow natively) runs {@link NativeMemorySoak}. Every image allocates ~2 MB of native memory (decoded frame, blobs,
 * ONNX Runtime tensors); a leak of any of it would add gigabytes. {@code -Dconsentry.soak.images=20000} runs the
 * long soak (about 10 CPU-minutes); the default keeps the suite's time reasonable.
 */
class NativeMemoryTest {
    static final int IMAGES = Integer.getInteger("consentry.soak.images", 1500);
    /** RSS may still settle after warm-up (allocator arenas, ONNX Runtime's arena reaching its peak): this much, no more. */
    static final long ALLOWED_GROWTH_KB = 32 * 1024;

    @Test
    void residentMemoryIsFlatAfterWarmUp() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc to read RSS");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), NativeMemorySoak.class.getName(), String.valueOf(IMAGES),
                TestData.packDir().toAbsolutePath().toString(), TestData.faces().toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<long[]> rss = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("rss ")) {
                    String[] f = line.split(" ");
                    rss.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
        }
        assertThat(p.waitFor(30, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("soak process exit code").isZero();
        StringBuilder table = new StringBuilder();
        rss.forEach(x -> table.append(String.format(" %d:%dMiB", x[0], x[1] / 1024)));
        System.out.println("[soak] RSS after images:" + table);
        assertThat(rss).hasSizeGreaterThan(10);
        // warm-up: the first fifth of the run (models' arenas and caches reach their peak)
        long afterWarmUp = rss.get(rss.size() / 5)[1];
        long end = rss.get(rss.size() - 1)[1];
        long max = rss.stream().skip(rss.size() / 5).mapToLong(x -> x[1]).max().orElseThrow();
        assertThat(end - afterWarmUp).as("RSS growth after warm-up, kB").isLessThanOrEqualTo(ALLOWED_GROWTH_KB);
        assertThat(max - afterWarmUp).as("RSS peak above the post-warm-up level, kB").isLessThanOrEqualTo(ALLOWED_GROWTH_KB);
    }
}
