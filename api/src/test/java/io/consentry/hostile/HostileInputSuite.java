package io.consentry.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentry.testing.Devices;
import io.consentry.testing.Management;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input suite: every operation of the OpenAPI document gets malformed, mistyped, duplicated-key,
 * trailing-garbage, NUL-bearing, oversized (with and without Content-Length), deeply nested and wrongly authorised
 * requests; creations are sent as concurrent duplicates; every image route gets truncated, corrupt, decompression-bomb,
 * wrong-format and EXIF-hostile images. The platform must answer none with a 5xx, every 4xx with a problem document, and
 * succeed at nothing invalid; afterwards it is still ready and the tenant's audit log still verifies. Not part of the
 * normal test run (tag "hostile"): {@code api/hostile/hostile-suite.sh}. Report: {@code api/target/hostile-report.txt}.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(HostileProfile.class)
@Tag("hostile")
class HostileInputSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPORT = Path.of("target", "hostile-report.txt");
    private static final int PARALLEL = 4;
    private static final int CONCURRENT_DUPLICATES = 8;
    /** Every method, each face method under the purpose it serves. */
    private static final String POLICY = "{\"methods\":[\"FACE_1_1\",\"FACE_1_N\",\"PIN\",\"QR\",\"CARD\",\"GUARD\"],"
            + "\"faceClaimTypes\":[\"SUBJECT_REF\",\"CARD\",\"QR\"],\"verificationPurpose\":\"gate-verification\","
            + "\"identificationPurpose\":\"member-identification\",\"livenessRequired\":false,\"targetFar\":0.001,"
            + "\"faceAttemptsBeforeFallback\":10}";
    /** The attribute-analysis purpose the member granted: the attribute route's images reach the engine. */
    private static final String MOOD = "hostile-mood";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final Verdicts verdicts = new Verdicts();

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "consentry.keycloak.url")
    String keycloakUrl;

    @Test
    void everyOperationWithstandsHostileInput() throws Exception {
        Context ctx = world();
        JsonNode document = JSON.readTree(Management.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        Operations operations = new Operations(document);
        List<Operations.Operation> all = operations.all();
        HostileRequests requests = new HostileRequests(operations, ctx);

        List<Probe> probes = new ArrayList<>();
        for (Operations.Operation op : all) {
            probes.addAll(requests.forOperation(op));
        }
        probes.addAll(imageProbes(ctx));
        System.out.printf("[hostile] %d operations, %d requests to send%n", all.size(), probes.size());

        long started = System.nanoTime();
        sendAll(probes);
        concurrentDuplicates(ctx);
        double seconds = (System.nanoTime() - started) / 1e9;

        // Still standing: ready, and the tenant's log verifies — also against a fresh checkpoint.
        Management.given().get("/q/health/ready").then().statusCode(200);
        given().auth().oauth2(ctx.admin().get()).post("/api/v1/tenants/" + ctx.tenant() + "/audit/checkpoints").then().statusCode(201);
        boolean verifies = given().auth().oauth2(ctx.admin().get()).post("/api/v1/tenants/" + ctx.tenant() + "/audit/verify")
                .then().statusCode(200).extract().path("valid");
        boolean otherVerifies = given().auth().oauth2(ctx.otherAdmin().get()).post("/api/v1/tenants/" + ctx.otherTenant() + "/audit/verify")
                .then().statusCode(200).extract().path("valid");

        String report = "Hostile-input suite, " + Instant.now() + String.format(", %.0f s%n", seconds)
                + "operations in the OpenAPI document: " + all.size() + "\n" + verdicts.report()
                + "ready afterwards: yes\naudit log verifies afterwards: " + verifies + " (other tenant: " + otherVerifies + ")\n";
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report);
        System.out.println(report);

        assertThat(verdicts.sent()).as("hostile requests sent").isGreaterThanOrEqualTo(5000);
        assertThat(verdicts.defects()).as("defects").isEmpty();
        assertThat(verifies).isTrue();
        assertThat(otherVerifies).isTrue();
    }

    // ---------------------------------------------------------------- sending

    private void sendAll(List<Probe> probes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Probe probe : probes) {
                sent.add(pool.submit(() -> send(probe)));
            }
            int done = 0;
            for (Future<?> f : sent) {
                f.get();
                if (++done % 1000 == 0) {
                    Management.given().get("/q/health/ready").then().statusCode(200);
                    System.out.printf("[hostile] %d sent, platform ready%n", done);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpResponse<String> send(Probe probe) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + probe.pathAndQuery()))
                    .timeout(Duration.ofSeconds(120));
            HttpRequest.BodyPublisher body = probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : probe.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(probe.body()))
                    : HttpRequest.BodyPublishers.ofByteArray(probe.body());
            request.method(probe.method(), body);
            probe.headers().forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            verdicts.record(probe, response);
            return response;
        } catch (java.io.IOException e) {
            // A connection closed after a refusal while the body was still being sent is how some 413s end; resend
            // nothing, but classify: the answer must have been a refusal, which only a parsed response can show.
            verdicts.failure(probe, e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException e) {
            verdicts.failure(probe, e);
            return null;
        }
    }

    // ---------------------------------------------------------------- images

    private List<Probe> imageProbes(Context ctx) {
        List<Probe> probes = new ArrayList<>();
        Map<String, HostileImages.Case> cases = new LinkedHashMap<>(HostileImages.all());
        Map<String, HostileImages.Case> faces = HostileImages.withFace(photo("obama_2.jpg"));
        String device = "Bearer " + ctx.device().get();
        for (HostileImages.Case c : cases.values()) {
            Probe.Expect analysis = c.decodable() ? Probe.Expect.ANY : Probe.Expect.REFUSED; // the engine view reports "no face" as 200
            probes.add(image("image: " + c.name(), "POST /api/v1/device/verify", "/api/v1/device/verify", device,
                    verifyBody(c.bytes()), "application/json", Probe.Expect.REFUSED));
            probes.add(image("image: " + c.name(), "POST /api/v1/device/identify", "/api/v1/device/identify", device,
                    identifyBody(c.bytes()), "application/json", Probe.Expect.REFUSED));
            probes.add(image("image: " + c.name(), "POST /portal/{tenant}/enrolment", "/portal/" + ctx.tenant() + "/enrolment",
                    "Portal " + ctx.portalSession(), c.bytes(), "image/jpeg", Probe.Expect.REFUSED));
            probes.add(image("image: " + c.name(), "POST /api/v1/tenants/{tenant}/engine/analysis",
                    "/api/v1/tenants/" + ctx.tenant() + "/engine/analysis", "Bearer " + ctx.admin().get(), c.bytes(), "image/jpeg", analysis));
            probes.add(image("image: " + c.name(), "POST /portal/{tenant}/attributes", "/portal/" + ctx.tenant() + "/attributes?purpose=" + MOOD,
                    "Portal " + ctx.portalSession(), c.bytes(), "image/jpeg", Probe.Expect.REFUSED));
        }
        for (HostileImages.Case c : faces.values()) {
            probes.add(image("image: " + c.name(), "POST /api/v1/device/verify", "/api/v1/device/verify", device,
                    verifyBody(c.bytes()), "application/json", Probe.Expect.ANY));
            probes.add(image("image: " + c.name(), "POST /api/v1/tenants/{tenant}/engine/analysis",
                    "/api/v1/tenants/" + ctx.tenant() + "/engine/analysis", "Bearer " + ctx.admin().get(), c.bytes(), "image/jpeg",
                    Probe.Expect.ANY));
            probes.add(image("image: " + c.name(), "POST /portal/{tenant}/attributes", "/portal/" + ctx.tenant() + "/attributes?purpose=" + MOOD,
                    "Portal " + ctx.portalSession(), c.bytes(), "image/jpeg", Probe.Expect.ANY));
        }
        // base64 that is not, or that carries more than an image
        for (String image : List.of("not base64!!", "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(photo("obama_2.jpg")),
                "AAAA\u0000AAAA", "", " ", "=")) {
            probes.add(image("image: base64 " + image.substring(0, Math.min(12, image.length())), "POST /api/v1/device/identify",
                    "/api/v1/device/identify", device, ("{\"image\":" + JSON.valueToTree(image) + "}").getBytes(StandardCharsets.UTF_8),
                    "application/json", Probe.Expect.REFUSED));
        }
        return probes;
    }

    private static byte[] verifyBody(byte[] image) {
        return ("{\"claim\":{\"type\":\"SUBJECT_REF\",\"value\":\"hostile-member\"},\"image\":\""
                + Base64.getEncoder().encodeToString(image) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] identifyBody(byte[] image) {
        return ("{\"image\":\"" + Base64.getEncoder().encodeToString(image) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Probe image(String category, String operation, String path, String authorization, byte[] body, String type,
                               Probe.Expect expect) {
        return new Probe(category, operation, "POST", path, Map.of("Authorization", authorization, "Content-Type", type), body, false, expect);
    }

    // ---------------------------------------------------------------- concurrent duplicates

    private void concurrentDuplicates(Context ctx) throws Exception {
        String api = "/api/v1/tenants/" + ctx.tenant();
        Map<String, String> admin = Map.of("Authorization", "Bearer " + ctx.admin().get(), "Content-Type", "application/json");
        String unique = UUID.randomUUID().toString().substring(0, 6);
        // The probes above may have left the controller profile with odd or empty (still valid) fields; a notice needs it
        // complete, so the notice races start from the profile the tenant was created with.
        given().auth().oauth2(ctx.admin().get()).contentType(ContentType.JSON).body(Tenants.controller(ctx.tenant()))
                .put(api + "/controller").then().statusCode(200);
        duplicates("race: same site", "POST " + api + "/sites", "POST", api + "/sites", admin,
                "{\"name\":\"Race gate " + unique + "\",\"timeZone\":\"Asia/Shanghai\"}", true);
        duplicates("race: same subject", "POST " + api + "/subjects", "POST", api + "/subjects", admin,
                "{\"externalRef\":\"race-" + unique + "\",\"displayName\":\"Race\"}", true);
        duplicates("race: same purpose", "POST " + api + "/purposes", "POST", api + "/purposes", admin,
                JSON.writeValueAsString(io.consentry.testing.Purposes.body("race-" + unique, "Race", "FACE_VERIFICATION", 30, "n")), true);
        duplicates("race: same card", "POST " + api + "/credentials", "POST", api + "/credentials", admin,
                "{\"subjectId\":\"" + ctx.ids().get("subjectId") + "\",\"kind\":\"CARD\",\"cardId\":\"RACE-" + unique + "\"}", true);
        duplicates("race: same notice version", "POST " + api + "/purposes/{code}/notices", "POST",
                api + "/purposes/" + ctx.ids().get("purpose") + "/notices", admin,
                JSON.writeValueAsString(io.consentry.testing.Purposes.notice("FACE_VERIFICATION", "Raced notice " + unique)), false);
        duplicates("race: same policy", "PUT " + api + "/sites/{site}/policy", "PUT", api + "/sites/" + ctx.ids().get("siteId") + "/policy",
                admin, POLICY, false);
        duplicates("race: same device name", "POST " + api + "/devices", "POST", api + "/devices", admin,
                "{\"siteId\":\"" + ctx.ids().get("siteId") + "\",\"name\":\"Race device " + unique + "\"}", false);
        duplicates("race: same invitation", "POST " + api + "/subjects/{id}/invitations", "POST",
                api + "/subjects/" + ctx.ids().get("subjectId") + "/invitations", admin, "{}", false);
        duplicates("race: same decision", "POST /portal/{tenant}/decisions", "POST", "/portal/" + ctx.tenant() + "/decisions",
                Map.of("Authorization", "Portal " + ctx.portalSession(), "Content-Type", "application/json"),
                "{\"purpose\":\"gate-verification\",\"decision\":\"GRANT\",\"noticeHash\":\"" + ctx.ids().get("gateNoticeHash") + "\"}", false);
    }

    /** The same write, {@value #CONCURRENT_DUPLICATES} times at once: 2xx or 409, never a 5xx; one 2xx where names are unique. */
    private void duplicates(String category, String operation, String method, String path, Map<String, String> headers, String body,
                            boolean unique) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_DUPLICATES);
        try {
            Probe probe = new Probe(category, operation, method, path, headers, body.getBytes(StandardCharsets.UTF_8), false, Probe.Expect.ANY);
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_DUPLICATES; i++) {
                calls.add(() -> send(probe));
            }
            int succeeded = 0;
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                HttpResponse<String> r = f.get();
                if (r != null && r.statusCode() < 300) {
                    succeeded++;
                }
            }
            if (unique) {
                assertThat(succeeded).as(category + ": exactly one of the identical creations succeeds").isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- the world

    private Context world() {
        Login operator = login("platform", "platform-operator");
        String tenant = Tenants.uniqueSlug("hostile");
        Tenants.create(operator.token().get(), tenant, "COMPOUND");
        Login admin = login(tenant, "tenant-admin");
        Login guard = login(tenant, "guard");
        String otherTenant = Tenants.uniqueSlug("hostile-b");
        Tenants.create(operator.token().get(), otherTenant, "BANK");
        Login otherAdmin = login(otherTenant, "tenant-admin");

        String api = "/api/v1/tenants/" + tenant;
        String site = Devices.createSite(admin.token().get(), tenant, "Hostile gate");
        given().auth().oauth2(admin.token().get()).contentType(ContentType.JSON)
                .body(POLICY).put(api + "/sites/" + site + "/policy").then().statusCode(200);
        Devices.Registered device = Devices.register(admin.token().get(), tenant, site, "Hostile device");
        Supplier<String> deviceToken = fresh(() -> Devices.token(tenant, device));

        given().auth().oauth2(admin.token().get()).contentType(ContentType.JSON)
                .body(io.consentry.testing.Purposes.body(MOOD, "Mood", "ATTRIBUTE_ANALYSIS", 30, "n"))
                .post(api + "/purposes").then().statusCode(201);
        String subject = Portal.subject(admin.token().get(), tenant, "hostile-member");
        String session = Portal.session(admin.token().get(), tenant, subject, Portal.contact(tenant, "hostile-member"));
        String gateHash = noticeHash(tenant, session, "gate-verification");
        for (String purpose : List.of("gate-verification", "member-identification", MOOD)) {
            given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                    .body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", noticeHash(tenant, session, purpose)))
                    .post("/portal/" + tenant + "/decisions").then().statusCode(201);
        }
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo("obama_1.jpg"))
                .post("/portal/" + tenant + "/enrolment").then().statusCode(201);
        given().auth().oauth2(admin.token().get()).contentType(ContentType.JSON)
                .body(io.consentry.testing.Purposes.body("hostile-purpose", "Hostile", "FACE_VERIFICATION", 30, "n"))
                .post(api + "/purposes").then().statusCode(201);
        String credential = given().auth().oauth2(admin.token().get()).contentType(ContentType.JSON)
                .body(Map.of("subjectId", subject, "kind", "CARD", "cardId", "HOSTILE-CARD")).post(api + "/credentials")
                .then().statusCode(201).extract().path("id");
        String receipt = given().header("Authorization", "Portal " + session).get("/portal/" + tenant + "/receipts")
                .then().statusCode(200).extract().path("[0].receiptId");
        String export = given().auth().oauth2(admin.token().get()).post(api + "/subjects/" + subject + "/exports")
                .then().statusCode(201).extract().path("id");

        String otherSubject = Portal.subject(otherAdmin.token().get(), otherTenant, "other-member");
        String otherSession = Portal.session(otherAdmin.token().get(), otherTenant, otherSubject, Portal.contact(otherTenant, "other-member"));
        // The engine view analyses only the signed-in admin's own face: the admin is a consenting subject, enrolled with
        // obama_1, so that the route decodes and analyses what it is sent (obama's other photos are the admin's face)
        // instead of refusing every image unread.
        Portal.consentAsSubject(admin.token().get(), tenant, admin.username(), "obama_1.jpg");

        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("subjectId", subject);
        ids.put("siteId", site);
        ids.put("deviceId", device.id());
        ids.put("credentialId", credential);
        ids.put("purpose", "hostile-purpose");
        ids.put("receiptId", receipt == null ? UUID.randomUUID().toString() : receipt);
        ids.put("exportId", export);
        ids.put("gateNoticeHash", gateHash);
        Supplier<String> master = fresh(() -> keycloak.tokenManager().getAccessTokenString());
        Supplier<String> tampered = fresh(() -> tamper(admin.token().get()));
        return new Context(tenant, otherTenant, ids, operator.token(), admin.token(), guard.token(), deviceToken, otherAdmin.token(),
                session, otherSession, unsignedOperatorToken(), master, tampered);
    }

    private record Login(String username, Supplier<String> token) {
    }

    /** A new user with the role, and their token, signed in again whenever it is older than three minutes. */
    private Login login(String realm, String role) {
        String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        Users.create(keycloak, realm, username, password, role);
        return new Login(username, fresh(() -> Users.signIn(realm, username, password)));
    }

    private static Supplier<String> fresh(Supplier<String> signIn) {
        return new Supplier<>() {
            private String token;
            private Instant at = Instant.EPOCH;

            @Override
            public synchronized String get() {
                if (token == null || at.plus(Duration.ofMinutes(3)).isBefore(Instant.now())) {
                    token = signIn.get();
                    at = Instant.now();
                }
                return token;
            }
        };
    }


    private static String noticeHash(String tenant, String session, String purpose) {
        List<Map<String, Object>> purposes = given().header("Authorization", "Portal " + session).get("/portal/" + tenant + "/purposes")
                .then().statusCode(200).extract().path("$");
        return purposes.stream().filter(p -> purpose.equals(p.get("code"))).findFirst()
                .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElseThrow();
    }

    /** A real token with roles added to its claims and its original signature kept. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"roles\":[", "\"roles\":[\"platform-operator\",");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** A token that claims the operator role of the platform realm, with no signature at all. */
    private String unsignedOperatorToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + keycloakUrl + "/realms/platform\",\"azp\":\"consentry-cli\",\"exp\":"
                + (Instant.now().getEpochSecond() + 3600) + ",\"preferred_username\":\"mallory\","
                + "\"realm_access\":{\"roles\":[\"platform-operator\",\"tenant-admin\",\"device\",\"guard\"]}}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }
}
