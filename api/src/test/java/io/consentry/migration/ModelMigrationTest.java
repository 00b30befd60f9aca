package io.consentry.migration;

import io.consentry.core.engine.CurrentEngine;
import io.consentry.face.pack.ModelPack;
import io.consentry.gallery.IdentificationGalleries;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model migration end to end on real servers: subjects consent and enrol through the portal under the default pack
 * (P1, faceplugin-0.0.1), the replica switches to the fused pack (P2, faceplugin-dlib-0.1) as a restart with a new
 * {@code consentry.engine.pack-dir} would, and the migration rebuilds the template of the subject who consented to
 * photo retention and flags the other. Throughout, no stale (P1) template is compared with a P2 probe: the flagged
 * subject gets FALLBACK_REQUIRED, the 1:N gallery holds only P2 templates, and the rebuilt subject is granted under
 * P2's fused thresholds.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class ModelMigrationTest {

    static final String P1 = "faceplugin-0.0.1";
    static final String P2 = "faceplugin-dlib-0.1";
    static final Duration DEADLINE = Duration.ofMinutes(3);

    @Inject
    Keycloak keycloak;
    @Inject
    CurrentEngine engine;
    @Inject
    IdentificationGalleries galleries;
    @Inject
    TenantRegistry registry;

    private String tenant;
    private String admin;

    @Test
    void switchingPacksRebuildsRetainedSubjectsFlagsTheOthersAndNeverComparesAcrossPacks() throws Exception {
        Path p1 = engine.packDir();
        Path p2Built = p1.resolveSibling(P2);
        assertThat(engine.packId()).isEqualTo(P1);
        assertThat(p2Built.resolve("pack.properties")).as("the fused pack is built by face-engine").satisfies(p -> Files.isRegularFile(p));

        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        tenant = Tenants.uniqueSlug("mig");
        Tenants.create(operator, tenant, "COMPOUND");
        admin = Users.tokenFor(keycloak, tenant, "tenant-admin");
        asAdmin().body(io.consentry.testing.Purposes.body("photo-retention", "Keep my enrolment photo", "IMAGE_RETENTION", 30, "We keep your enrolment photo, encrypted, to rebuild your template."))
                .post(api("/purposes")).then().statusCode(201);
        String site = Devices.createSite(admin, tenant, "Gate");
        asAdmin().body(Map.of("methods", List.of("FACE_1_1", "FACE_1_N", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "identificationPurpose", "member-identification",
                        "livenessRequired", false, "targetFar", 0.001, "faceAttemptsBeforeFallback", 5))
                .put(api("/sites/" + site + "/policy")).then().statusCode(200);
        Devices.Registered gate = Devices.register(admin, tenant, site, "Gate 1");
        // A stricter site: P1's strictest rate, which the P2 this test switches to does not resolve (a recalibrated P2).
        double strictest = ModelPack.load(p1, false).farThresholds().firstKey();
        Path p2 = withoutRate(p2Built, strictest);
        String vault = Devices.createSite(admin, tenant, "Vault");
        asAdmin().body(Map.of("methods", List.of("FACE_1_1", "PIN"), "faceClaimTypes", List.of("SUBJECT_REF"),
                        "verificationPurpose", "gate-verification", "livenessRequired", false, "targetFar", strictest))
                .put(api("/sites/" + vault + "/policy")).then().statusCode(200);
        Devices.Registered vaultDoor = Devices.register(admin, tenant, vault, "Vault door");
        UUID tenantId = registry.findBySlug(tenant).orElseThrow().id;

        // Under P1: Obama keeps his photo (retention consent), Biden does not.
        String obama = subject("obama-ref");
        String obamaSession = session(obama);
        decide(obamaSession, "gate-verification");
        decide(obamaSession, "member-identification");
        decide(obamaSession, "photo-retention");
        enrol(obamaSession, "obama_1.jpg").then().statusCode(201);
        String biden = subject("biden-ref");
        String bidenSession = session(biden);
        decide(bidenSession, "gate-verification");
        decide(bidenSession, "member-identification");
        enrol(bidenSession, "biden_1.jpg").then().statusCode(201);
        // Two more kept their photos (verification only, so they are not in the 1:N gallery); one more kept it and
        // withdrew the retention consent afterwards, which deleted the photo.
        for (String[] person : new String[][]{{"kit-ref", "kit_harington_1.jpg"}, {"alex-ref", "alex_lacamoire_1.jpg"}}) {
            String session = session(subject(person[0]));
            decide(session, "gate-verification");
            decide(session, "photo-retention");
            enrol(session, person[1]).then().statusCode(201);
        }
        String rose = subject("rose-ref");
        String roseSession = session(rose);
        decide(roseSession, "gate-verification");
        decide(roseSession, "photo-retention");
        enrol(roseSession, "rose_leslie_1.jpg").then().statusCode(201);
        asSubject(roseSession).post("/portal/" + tenant + "/consents/photo-retention/withdraw").then().statusCode(200);
        decision(verify(token(gate), "obama-ref", "obama_2.jpg"), "GRANTED", "face_match");

        try {
            engine.use(p2);
            assertThat(engine.packId()).isEqualTo(P2);

            // Both templates are stale now: counted, and never compared with a P2 probe.
            JsonPath before = status(admin);
            assertThat(before.getString("currentPack")).isEqualTo(P2);
            assertThat(before.getLong("currentTemplates")).isZero();
            assertThat(before.getLong("staleTemplates")).isEqualTo(5);
            assertThat(before.getLong("staleSubjects")).isEqualTo(5);
            assertThat(before.getLong("pendingSubjects")).isEqualTo(5);
            assertThat(before.getLong("rebuildableSubjects")).isEqualTo(3);
            assertThat(before.getLong("needsReenrolmentSubjects")).isEqualTo(2);
            assertThat(before.getBoolean("complete")).isFalse();
            assertThat(before.getList("packs.packId")).containsExactly(P1);
            assertThat(before.getList("packs.current")).containsExactly(false);
            JsonPath stale = decision(verify(token(gate), "obama-ref", "obama_2.jpg"), "FALLBACK_REQUIRED", "reenrolment_required");
            assertThat(stale.getString("score")).isNull();
            assertThat(stale.getList("allowedMethods")).contains("PIN");
            decision(identify(token(gate), "obama_3.jpg"), "FALLBACK_REQUIRED", "no_match");
            assertThat(galleries.size(tenantId)).isZero();
            // The guard read no template for that comparison: the stale one stayed encrypted.
            assertThat(lastAudit("biometric.templates.read", obama)).containsEntry("templates", "0");

            // The auditor reads the status but cannot start the migration; the admin starts it.
            String auditor = Users.tokenFor(keycloak, tenant, "auditor");
            status(auditor);
            given().auth().oauth2(auditor).post(api("/model-migration/start")).then().statusCode(403);
            given().auth().oauth2(admin).post(api("/model-migration/start")).then().statusCode(202);
            JsonPath after = awaitComplete();

            assertThat(after.getLong("rebuiltTemplates")).isEqualTo(3);
            assertThat(after.getLong("flaggedSubjects")).isEqualTo(2);
            assertThat(after.getLong("currentTemplates")).isEqualTo(3);
            assertThat(after.getLong("staleTemplates")).as("flagged subjects' templates stay until re-enrolment").isEqualTo(2);
            assertThat(after.getLong("pendingSubjects")).isZero();
            assertThat(after.getList("packs.packId")).containsExactly(P1, P2);
            assertThat(after.getInt("lastRun.rebuiltTemplates")).isEqualTo(3);
            assertThat(after.getInt("lastRun.flaggedSubjects")).isEqualTo(2);
            assertThat(after.getString("lastRun.error")).isNull();
            System.out.printf("Model migration P1 -> P2: %s ms per rebuilt template (engine + transactions), run %s%n",
                    after.getString("lastRun.millisPerRebuiltTemplate"), after.getMap("lastRun"));

            // The admin sees who must enrol again, and why.
            asAdmin().get(api("/subjects/" + obama)).then().statusCode(200)
                    .body("reenrolment", org.hamcrest.Matchers.nullValue());
            JsonPath flagged = asAdmin().get(api("/subjects/" + biden)).then().statusCode(200).extract().jsonPath();
            assertThat(flagged.getString("reenrolment.reason")).isEqualTo("no_retention_consent");
            assertThat(flagged.getString("reenrolment.packId")).isEqualTo(P2);
            assertThat(flagged.getString("reenrolment.stalePackId")).isEqualTo(P1);
            List<Map<String, Object>> page = asAdmin().get(api("/subjects?q=biden")).then().statusCode(200).extract().path("items");
            assertThat(page).singleElement().satisfies(s -> assertThat(s.get("reenrolment")).isNotNull());
            asAdmin().get(api("/subjects/" + rose)).then().statusCode(200)
                    .body("reenrolment.reason", org.hamcrest.Matchers.equalTo("no_retention_consent"));

            // Rebuilt: granted under P2's fused score and thresholds; a different face is still refused.
            JsonPath granted = decision(verify(token(gate), "obama-ref", "obama_2.jpg"), "GRANTED", "face_match");
            float p2Threshold = engine.engine().decision().threshold(0.001);
            assertThat(granted.getFloat("threshold")).isEqualTo(p2Threshold);
            assertThat(granted.getFloat("score")).isGreaterThanOrEqualTo(p2Threshold);
            decision(verify(token(gate), "obama-ref", "biden_2.jpg"), "DENIED", "face_mismatch");
            decision(verify(token(gate), "kit-ref", "kit_harington_2.jpg"), "GRANTED", "face_match");
            // Where P2 cannot honour the site's target FAR there is no face decision, and no 500.
            decision(verify(token(vaultDoor), "obama-ref", "obama_2.jpg"), "FALLBACK_REQUIRED", "pack_not_calibrated");
            decision(verify(token(gate), "rose-ref", "rose_leslie_2.jpg"), "FALLBACK_REQUIRED", "reenrolment_required");
            // Flagged: the stale template is never compared; the device is told to use an alternative.
            decision(verify(token(gate), "biden-ref", "biden_2.jpg"), "FALLBACK_REQUIRED", "reenrolment_required");

            // 1:N: the gallery holds the rebuilt P2 template only.
            JsonPath found = decision(identify(token(gate), "obama_3.jpg"), "GRANTED", "face_match");
            assertThat(found.getString("subjectId")).isEqualTo(obama);
            assertThat(found.getFloat("score")).isGreaterThanOrEqualTo(p2Threshold);
            decision(identify(token(gate), "biden_2.jpg"), "FALLBACK_REQUIRED", "no_match");
            assertThat(galleries.size(tenantId)).isEqualTo(1);
            assertThat(galleries.holdsAnywhere(tenantId, UUID.fromString(obama))).isTrue();
            assertThat(galleries.holdsAnywhere(tenantId, UUID.fromString(biden))).isFalse();

            // Audited, without images or templates.
            assertThat(lastAudit("biometric.template.rebuilt", obama)).containsEntry("fromPack", P1).containsEntry("toPack", P2);
            assertThat(lastAudit("biometric.reenrolment.flagged", biden)).containsEntry("reason", "no_retention_consent");
            String export = asAdmin().get(api("/audit/export")).then().statusCode(200).extract().asString();
            assertThat(export).contains("migration.started", "migration.finished")
                    .doesNotContain(Base64.getEncoder().encodeToString(photo("obama_1.jpg")).substring(0, 64));
            asAdmin().post(api("/audit/verify")).then().statusCode(200).body("valid", org.hamcrest.Matchers.equalTo(true));

            // Re-enrolment through the portal clears the flag and replaces the stale template.
            enrol(session(biden), "biden_1.jpg").then().statusCode(201);
            asAdmin().get(api("/subjects/" + biden)).then().statusCode(200).body("reenrolment", org.hamcrest.Matchers.nullValue());
            JsonPath settled = status(admin);
            assertThat(settled.getLong("staleTemplates")).isEqualTo(1);
            assertThat(settled.getLong("flaggedSubjects")).isEqualTo(1);
            assertThat(settled.getLong("currentTemplates")).isEqualTo(4);
            decision(verify(token(gate), "biden-ref", "biden_2.jpg"), "GRANTED", "face_match");

            // The operator sees every tenant against the configured pack.
            JsonPath overview = given().auth().oauth2(operator).get("/api/v1/platform/model-migration").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(overview.getString("currentPack")).isEqualTo(P2);
            assertThat(overview.getString("tenants.find { it.tenant == '" + tenant + "' }.status.currentPack")).isEqualTo(P2);
            assertThat(overview.getBoolean("tenants.find { it.tenant == '" + tenant + "' }.status.complete")).isTrue();
        } finally {
            engine.use(p1);
        }
    }

    /**
     * The pack in {@code built} as a recalibration that no longer resolves {@code far} or anything stricter (a looser
     * rate than the strictest resolvable one would otherwise borrow the next stricter threshold): the same models
     * (linked) and pack id, those rates marked provisional in its manifest.
     */
    private static Path withoutRate(Path built, double far) throws java.io.IOException {
        Path dir = Files.createTempDirectory("recalibrated-pack");
        try (var files = Files.list(built)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals(ModelPack.MANIFEST)) {
                    Files.createSymbolicLink(dir.resolve(f.getFileName()), f.toAbsolutePath());
                }
            }
        }
        java.util.Properties manifest = new java.util.Properties();
        try (var in = Files.newBufferedReader(built.resolve(ModelPack.MANIFEST))) {
            manifest.load(in);
        }
        boolean marked = false;
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith("calibration.far.") && key.endsWith(".status")
                    && Double.parseDouble(key.substring("calibration.far.".length(), key.length() - ".status".length())) <= far) {
                manifest.setProperty(key, "provisional");
                marked = true;
            }
        }
        assertThat(marked).as("the manifest states a status for FAR " + far).isTrue();
        try (var out = Files.newBufferedWriter(dir.resolve(ModelPack.MANIFEST))) {
            manifest.store(out, "test: " + built.getFileName() + " recalibrated without FAR " + far);
        }
        return dir;
    }

    @Test
    void migrationRoutesRefuseOtherTenantsAndUnknownTenants() {
        String operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String a = Tenants.uniqueSlug("mig-a");
        String b = Tenants.uniqueSlug("mig-b");
        Tenants.create(operator, a, "MALL");
        Tenants.create(operator, b, "MALL");
        String adminB = Users.tokenFor(keycloak, b, "tenant-admin");
        problem(given().auth().oauth2(adminB).get("/api/v1/tenants/" + a + "/model-migration"), 403);
        problem(given().auth().oauth2(adminB).post("/api/v1/tenants/" + a + "/model-migration/start"), 403);
        problem(given().auth().oauth2(operator).get("/api/v1/tenants/" + a + "/model-migration"), 403);
        problem(given().auth().oauth2(adminB).get("/api/v1/platform/model-migration"), 403);
        problem(given().auth().oauth2(operator).post("/api/v1/platform/tenants/no-such-tenant/model-migration/start"), 404)
                .then().body("code", org.hamcrest.Matchers.equalTo("tenant_not_found"));
        problem(given().get("/api/v1/tenants/" + a + "/model-migration"), 401);
        // A tenant with nothing enrolled is complete at once; starting it is harmless.
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + a + "/model-migration/start").then().statusCode(202);
        JsonPath empty = given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + a + "/model-migration").then()
                .statusCode(200).extract().jsonPath();
        assertThat(empty.getBoolean("complete")).isTrue();
        assertThat(empty.getLong("staleTemplates")).isZero();
        assertThat(empty.getString("currentPack")).isEqualTo(engine.packId());
    }

    // ------------------------------------------------------------------ helpers

    private JsonPath awaitComplete() throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            JsonPath status = status(admin);
            if (status.getBoolean("complete") && !status.getBoolean("running")) {
                return status;
            }
            assertThat(System.nanoTime()).as("migration finished before the deadline; last status %s", status.prettify())
                    .isLessThan(deadline);
            assertThat(status.getString("lastRun.error")).as("migration error").isNull();
            Thread.sleep(200);
        }
    }

    private JsonPath status(String token) {
        return given().auth().oauth2(token).get(api("/model-migration")).then().statusCode(200).extract().jsonPath();
    }

    /** The newest audit entry of that action about the subject (the list is newest first); its details. */
    private Map<String, Object> lastAudit(String action, String subjectId) {
        List<Map<String, Object>> items = asAdmin().queryParam("action", action).queryParam("subjectRef", subjectId)
                .get(api("/audit")).then().statusCode(200).extract().path("items");
        assertThat(items).as("audit entries %s of %s", action, subjectId).isNotEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) items.get(0).get("details");
        return details;
    }

    private static JsonPath decision(Response response, String decision, String reason) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath json = response.jsonPath();
        assertThat(json.getString("decision") + "/" + json.getString("reason")).as(response.asString())
                .isEqualTo(decision + "/" + reason);
        return json;
    }

    private static Response problem(Response response, int status) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response;
    }

    private final Map<String, String> contacts = new java.util.HashMap<>();

    private String subject(String ref) {
        String id = io.consentry.testing.Portal.subject(admin, tenant, ref);
        contacts.put(id, io.consentry.testing.Portal.contact(tenant, ref));
        return id;
    }

    /** The subject opens the invitation link mailed to them. */
    private String session(String subjectId) {
        return io.consentry.testing.Portal.session(admin, tenant, subjectId, contacts.get(subjectId));
    }

    private void decide(String session, String purpose) {
        List<Map<String, Object>> purposes = asSubject(session).get("/portal/" + tenant + "/purposes").then().statusCode(200)
                .extract().path("$");
        String hash = purposes.stream().filter(p -> purpose.equals(p.get("code"))).findFirst()
                .map(p -> (String) ((Map<?, ?>) p.get("notice")).get("contentHash")).orElseThrow();
        asSubject(session).body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", hash))
                .post("/portal/" + tenant + "/decisions").then().statusCode(201);
    }

    private Response enrol(String session, String photo) {
        return given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(photo(photo))
                .post("/portal/" + tenant + "/enrolment");
    }

    private static Response verify(String token, String ref, String photo) {
        return device(token, "/verify", Map.of("claim", Map.of("type", "SUBJECT_REF", "value", ref),
                "image", Base64.getEncoder().encodeToString(photo(photo))));
    }

    private static Response identify(String token, String photo) {
        return device(token, "/identify", Map.of("image", Base64.getEncoder().encodeToString(photo(photo))));
    }

    private static Response device(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/device" + path);
    }

    private String token(Devices.Registered gate) {
        return Devices.token(tenant, gate);
    }

    private RequestSpecification asSubject(String session) {
        return given().header("Authorization", "Portal " + session).contentType(ContentType.JSON);
    }

    private RequestSpecification asAdmin() {
        return given().auth().oauth2(admin).contentType(ContentType.JSON);
    }

    private String api(String path) {
        return "/api/v1/tenants/" + tenant + path;
    }
}
