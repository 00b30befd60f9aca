package io.consentry.load;

import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;

/**
 * Load generator for POST /api/v1/device/verify with real photos, over loopback, bounded in time. Not part of the
 * normal suite (tag "load", excluded by default): run it with {@code api/load/verify-load.sh}.
 * Settings: -Dload.seconds (default 60), -Dload.workers (default 4), -Dload.devices (default 8; each device stays
 * under the per-device rate limit), -Dload.warm-up-seconds (default 20, not measured), -Dload.frame-width (default 0 =
 * send the original photos; e.g. 640 = re-encode them as camera frames of that width, as a gate would send).
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@Tag("load")
class VerifyLoadRun {

    @Inject
    Keycloak keycloak;

    @Test
    void driveVerify() throws Exception {
        int seconds = Integer.getInteger("load.seconds", 60);
        int workers = Integer.getInteger("load.workers", 4);
        int deviceCount = Integer.getInteger("load.devices", 8);

        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String tenant = Tenants.uniqueSlug("load");
        Tenants.create(operator, tenant, "COMPOUND");
        String admin = Users.tokenFor(keycloak, tenant, "tenant-admin");
        String site = Devices.createSite(admin, tenant, "Load gate");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of("FACE_1_1", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "livenessRequired", true, "livenessThreshold", 0.5, "targetFar", 0.001, "faceAttemptsBeforeFallback", 10))
                .put("/api/v1/tenants/" + tenant + "/sites/" + site + "/policy").then().statusCode(200);
        String subject = io.consentry.testing.Portal.subject(admin, tenant, "load-obama");
        String session = io.consentry.testing.Portal.session(admin, tenant, subject, io.consentry.testing.Portal.contact(tenant, "load-obama"));
        List<Map<String, Object>> purposes = given().header("Authorization", "Portal " + session)
                .get("/portal/" + tenant + "/purposes").then().statusCode(200).extract().path("$");
        String hash = purposes.stream().filter(p -> "gate-verification".equals(p.get("code"))).findFirst()
                .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElseThrow();
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", "gate-verification", "decision", "GRANT", "noticeHash", hash))
                .post("/portal/" + tenant + "/decisions").then().statusCode(201);
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo("obama_1.jpg"))
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);

        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            tokens.add(Devices.token(tenant, Devices.register(admin, tenant, site, "Load device " + i)));
        }
        int frameWidth = Integer.getInteger("load.frame-width", 0);
        List<String> bodies = new ArrayList<>();
        for (String name : List.of("obama_2.jpg", "obama_3.jpg", "obama_4.jpg", "obama_5_480p.jpg")) {
            byte[] image = frameWidth > 0 ? asCameraFrame(photo(name), frameWidth) : photo(name);
            bodies.add("{\"claim\":{\"type\":\"SUBJECT_REF\",\"value\":\"load-obama\"},\"image\":\""
                    + Base64.getEncoder().encodeToString(image) + "\"}");
        }

        URI verify = URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/device/verify");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        // Warm-up (engine load, JIT compilation of the whole request path) is not measured: a server runs for days.
        int warmUpSeconds = Integer.getInteger("load.warm-up-seconds", 20);
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
        for (int i = 0; i < 20 || System.nanoTime() < warmUpEnd; i++) {
            send(http, verify, tokens.get(i % tokens.size()), bodies.get(i % bodies.size()));
        }

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger notGranted = new AtomicInteger();
        AtomicLong counter = new AtomicLong();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        CpuSnapshot cpuBefore = CpuSnapshot.take();
        Map<Long, Long> threadCpuBefore = threadCpu();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long n = counter.getAndIncrement();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = send(http, verify, tokens.get((int) (n % tokens.size())), bodies.get((int) (n % bodies.size())));
                        latencies.add(System.nanoTime() - t0);
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else if (!r.body().contains("\"GRANTED\"")) {
                            notGranted.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        CpuSnapshot cpu = CpuSnapshot.take().minus(cpuBefore);
        String byThread = cpuByThreadGroup(threadCpuBefore, latencies.size());

        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        String report = String.format(Locale.ROOT,
                "verify load: %d s, %d workers, %d devices, images %s, loopback%n requests: %d (%.1f/s)%n errors (non-200 or failed): %d; 200 but not GRANTED: %d; statuses %s%n"
                        + " latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n cores: %d%n"
                        + " CPU ms per request: this JVM (api + load generator) %.1f, PostgreSQL %.1f, whole machine %.1f%n",
                seconds, workers, deviceCount, frameWidth > 0 ? "re-encoded as " + frameWidth + " px wide camera frames" : "original photos",
                sorted.length, sorted.length / elapsed, errors.get(), notGranted.get(), statuses,
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                Runtime.getRuntime().availableProcessors(),
                cpu.jvmMs() / Math.max(1, sorted.length), cpu.postgresMs() / Math.max(1, sorted.length),
                cpu.machineMs() / Math.max(1, sorted.length)) + " CPU ms per request by thread group (rest: GC, JIT, VM threads): " + byThread + "\n";
        System.out.println(report);
        Files.writeString(Path.of("target", "verify-load.txt"), report);
    }

    /** The photo as a gate camera would send it: scaled to {@code width} pixels wide, JPEG quality 0.9. */
    private static byte[] asCameraFrame(byte[] photo, int width) throws java.io.IOException {
        var source = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(photo));
        int height = Math.round(source.getHeight() * (width / (float) source.getWidth()));
        var frame = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = frame.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        var writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        var params = writer.getDefaultWriteParam();
        params.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        params.setCompressionQuality(0.9f);
        var out = new java.io.ByteArrayOutputStream();
        try (var stream = javax.imageio.ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(frame, null, null), params);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<Long, Long> threadCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    private static String cpuByThreadGroup(Map<Long, Long> before, int requests) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Double> groups = new java.util.TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            var info = threads.getThreadInfo(id);
            long now = threads.getThreadCpuTime(id);
            if (info == null || now < 0) {
                continue;
            }
            double ms = (now - before.getOrDefault(id, 0L)) / 1e6 / Math.max(1, requests);
            groups.merge(info.getThreadName().replaceAll("[0-9]+", "N"), ms, Double::sum);
        }
        StringBuilder out = new StringBuilder();
        groups.entrySet().stream().filter(e -> e.getValue() >= 0.1).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(String.format(Locale.ROOT, "%s %.1f; ", e.getKey(), e.getValue())));
        return out.toString();
    }

    /** CPU time used so far by this JVM, by PostgreSQL's processes and by the whole machine (Linux /proc). */
    record CpuSnapshot(double jvmMs, double postgresMs, double machineMs) {
        private static final double TICK_MS = 10; // USER_HZ is 100 on Linux

        static CpuSnapshot take() throws java.io.IOException {
            double jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
            double postgres = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                    try {
                        String stat = Files.readString(proc.resolve("stat"));
                        if (stat.contains("(postgres)")) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            postgres += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // the process ended while we looked
                    }
                }
            }
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            double busy = 0;
            for (int i = 1; i < cpu.length; i++) {
                if (i != 4 && i != 5) { // idle and iowait are not work
                    busy += Long.parseLong(cpu[i]) * TICK_MS;
                }
            }
            return new CpuSnapshot(jvm, postgres, busy);
        }

        CpuSnapshot minus(CpuSnapshot before) {
            return new CpuSnapshot(jvmMs - before.jvmMs, postgresMs - before.postgresMs, machineMs - before.machineMs);
        }
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

}
