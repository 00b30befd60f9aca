package io.consentry.load;

import static io.consentry.testing.TestPhotos.photo;
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

import static io.restassured.RestAssured.given;

/**
 * Load generator for POST /api/v1/device/verify with real photos, over loopback, bounded in time. Not part of the
 * normal suite (tag "load", excluded by default): run it with {@code api/load/verify-load.sh}.
 * Settings: -Dload.seconds (default 60), -Dload.workers (default 4), -Dload.devices (default 8; each device stays
 * under the per-device rate limit).
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
                        "livenessRequired", true, "livenessThreshold", 0.5, "targetFar", 0.001, "faceAttemptsBeforeFallback", 10))
                .put("/api/v1/tenants/" + tenant + "/sites/" + site + "/policy").then().statusCode(200);
        String subject = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("externalRef", "load-obama", "displayName", "Load subject"))
                .post("/api/v1/tenants/" + tenant + "/subjects").then().statusCode(201).extract().path("id");
        String invitation = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/tenants/" + tenant + "/subjects/" + subject + "/invitations").then().statusCode(201).extract().path("token");
        String session = given().contentType(ContentType.JSON).body(Map.of("invitation", invitation))
                .post("/portal/" + tenant + "/session").then().statusCode(201).extract().path("sessionToken");
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
        List<String> bodies = new ArrayList<>();
        for (String name : List.of("obama_2.jpg", "obama_3.jpg", "obama_4.jpg", "obama_5_480p.jpg")) {
            bodies.add("{\"claim\":{\"type\":\"SUBJECT_REF\",\"value\":\"load-obama\"},\"image\":\""
                    + Base64.getEncoder().encodeToString(photo(name)) + "\"}");
        }

        URI verify = URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/device/verify");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        // Warm-up (engine load, JIT) is not measured.
        for (int i = 0; i < 20; i++) {
            send(http, verify, tokens.get(i % tokens.size()), bodies.get(i % bodies.size()));
        }

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger notGranted = new AtomicInteger();
        AtomicLong counter = new AtomicLong();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
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

        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        String report = String.format(Locale.ROOT,
                "verify load: %d s, %d workers, %d devices, loopback%n requests: %d (%.1f/s)%n errors (non-200 or failed): %d; 200 but not GRANTED: %d; statuses %s%n"
                        + " latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n cores: %d%n",
                seconds, workers, deviceCount, sorted.length, sorted.length / elapsed, errors.get(), notGranted.get(), statuses,
                pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                Runtime.getRuntime().availableProcessors());
        System.out.println(report);
        Files.writeString(Path.of("target", "verify-load.txt"), report);
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }


}
