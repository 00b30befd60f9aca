package io.consentry.consent;

import io.consentry.core.work.TenantWork;
import io.consentry.dataexport.DataExportPurge;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.RealServers;
import io.consentry.testing.Users;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.consentry.consent.ConsentEndToEndTest.awaitOutboxEmpty;
import static io.consentry.consent.ConsentFixtures.assertProblem;
import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Right of access: a subject downloads everything held about them from the portal; an admin can prepare the same
 * package for a request made offline. Secrets and template vectors never leave; the stored package is encrypted;
 * erasure and the keep time remove it.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class SubjectDataExportTest {

    @Inject
    Keycloak keycloak;
    @Inject
    MinioClient s3;
    @Inject
    TenantRegistry registry;
    @Inject
    TenantWork work;
    @Inject
    DataExportPurge purge;
    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void subjectDownloadsEverythingHeldAboutThemExceptSecretsAndVectors() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("resident-export");
        String session = t.session(subject);
        t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
        t.decide(session, "member-identification", "REFUSE").then().statusCode(201);
        t.enrol(session, photo("obama_1.jpg")).then().statusCode(201);
        t.asAdmin().body(Map.of("subjectId", subject, "kind", "PIN", "pin", "482913")).post(t.api("/credentials"))
                .then().statusCode(201);
        t.asAdmin().body(Map.of("subjectId", subject, "kind", "CARD", "cardId", "CARD-77-EXPORT")).post(t.api("/credentials"))
                .then().statusCode(201);

        // Admins and auditors see the templates as metadata only.
        List<Map<String, Object>> described = t.asAdmin().get(t.api("/subjects/" + subject + "/templates")).then().statusCode(200)
                .extract().path("$");
        assertThat(described).singleElement().satisfies(row -> assertThat(row)
                .containsOnlyKeys("id", "modelPack", "quality", "createdAt", "photoKept", "current")
                .containsEntry("modelPack", "faceplugin-0.0.1").containsEntry("current", true));
        given().auth().oauth2(Users.tokenFor(keycloak, t.slug, "auditor")).get(t.api("/subjects/" + subject + "/templates"))
                .then().statusCode(200);
        assertProblem(t.asAdmin().get(t.api("/subjects/" + java.util.UUID.randomUUID() + "/templates")), 404, "subject_not_found");

        Response created = t.asSubject(session).post(t.portal("/exports"));
        created.then().statusCode(201);
        String exportId = created.path("id");
        assertThat((String) created.path("requestedBy")).isEqualTo("SUBJECT");
        assertThat((Boolean) created.path("available")).isTrue();
        assertThat(Instant.parse(created.path("expiresAt"))).isAfter(Instant.now().plus(Duration.ofDays(29)));

        Response download = t.asSubject(session).get(t.portal("/exports/" + exportId));
        download.then().statusCode(200);
        assertThat(download.header("Content-Disposition")).startsWith("attachment").contains(exportId);
        assertThat(download.header("Cache-Control")).isEqualTo("no-store");
        String body = download.asString();
        JsonPath doc = JsonPath.from(body);
        assertThat(doc.getString("format")).isEqualTo("consentry-subject-export/1");
        assertThat(doc.getString("subject.externalRef")).isEqualTo("resident-export");
        assertThat(doc.getString("subject.contact")).isEqualTo("resident-export@" + t.slug + ".example.test");
        assertThat(doc.getString("controller.id")).isEqualTo(t.slug);
        assertThat(doc.getList("consents.findAll { it.state == 'GRANTED' }.purpose")).containsExactly("gate-verification");
        assertThat(doc.getList("consents.findAll { it.state == 'REFUSED' }.purpose")).containsExactly("member-identification");
        assertThat(doc.getList("consentHistory.event")).containsExactly("GRANTED", "REFUSED");
        assertThat(doc.getList("receipts")).as("the grant and the refusal each have one").hasSize(2);
        List<Map<String, Object>> templates = doc.getList("biometrics.templates");
        assertThat(templates).hasSize(1);
        assertThat(templates.get(0)).containsOnlyKeys("id", "modelPack", "quality", "createdAt", "photoKept", "current")
                .containsEntry("photoKept", false).containsEntry("current", true);
        assertThat(doc.getList("credentials.kind")).containsExactlyInAnyOrder("PIN", "CARD");
        assertThat(doc.getList("credentials.cardId")).as("a card id opens a gate: masked").contains("••••PORT")
                .doesNotContain("CARD-77-EXPORT");
        assertThat(doc.getList("activity.action")).contains("consent.granted", "consent.refused", "enrolment", "credential.issued");
        assertThat(body).doesNotContain("482913").doesNotContain("pinHash").doesNotContain("ciphertext")
                .doesNotContain("vector");

        // At rest the package is ciphertext in the tenant bucket.
        awaitOutboxEmpty(t);
        byte[] stored;
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(t.bucket())
                .object("exports/" + subject + "/" + exportId + ".json.enc").build())) {
            stored = in.readAllBytes();
        }
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("resident-export").doesNotContain(FORMAT_MARK);

        // Another subject of the same tenant, an unknown id and no token get clear problems.
        String other = t.session(t.createSubject("resident-other"));
        assertProblem(t.asSubject(other).get(t.portal("/exports/" + exportId)), 404, "export_not_found");
        assertProblem(t.asSubject(session).get(t.portal("/exports/" + java.util.UUID.randomUUID())), 404, "export_not_found");
        assertThat(t.asSubject(other).get(t.portal("/exports")).then().statusCode(200).extract().<List<?>>path("$")).isEmpty();
        assertThat(given().get(t.portal("/exports")).statusCode()).isEqualTo(401);

        // Admins prepare one for an offline request; auditors see that exports exist but cannot read or make them.
        Response byAdmin = t.asAdmin().post(t.api("/subjects/" + subject + "/exports"));
        byAdmin.then().statusCode(201);
        assertThat((String) byAdmin.path("requestedBy")).isEqualTo("ADMIN");
        String adminCopy = t.asAdmin().get(t.api("/subjects/" + subject + "/exports/" + byAdmin.path("id"))).then().statusCode(200)
                .extract().asString();
        assertThat(JsonPath.from(adminCopy).getList("activity.action")).contains("subject.exported", "subject.export.downloaded");
        String auditor = Users.tokenFor(keycloak, t.slug, "auditor");
        assertThat(given().auth().oauth2(auditor).get(t.api("/subjects/" + subject + "/exports")).then().statusCode(200)
                .extract().<List<?>>path("$")).hasSize(2);
        assertThat(given().auth().oauth2(auditor).get(t.api("/subjects/" + subject + "/exports/" + exportId)).statusCode()).isEqualTo(403);
        assertThat(given().auth().oauth2(auditor).post(t.api("/subjects/" + subject + "/exports")).statusCode()).isEqualTo(403);
        assertProblem(t.asAdmin().post(t.api("/subjects/" + java.util.UUID.randomUUID() + "/exports")), 404, "subject_not_found");

        // Erasure takes the packages and the alternative credentials with it.
        Map<String, Object> report = t.asAdmin().delete(t.api("/subjects/" + subject)).then().statusCode(200).extract().path("$");
        assertThat(report).containsEntry("exportDocumentsDeleted", 2).containsEntry("credentialsDeleted", 2);
        assertProblem(t.asAdmin().get(t.api("/subjects/" + subject + "/exports/" + exportId)), 410, "export_expired");
        assertThat(t.asAdmin().get(t.api("/credentials?subject=" + subject)).then().statusCode(200).extract().<List<?>>path("$")).isEmpty();
        awaitOutboxEmpty(t);
        assertThat(bucketKeys(t.bucket())).noneMatch(key -> key.startsWith("exports/"));
        assertProblem(t.asAdmin().post(t.api("/subjects/" + subject + "/exports")), 409, "subject_erased");
    }

    /**
     * Hole 6 of issue 13: the export carried the full card id of a CARD credential, and that id opened the gate. Every
     * value of both exports (the subject's and the admin's) is now tried at the real device as a card id, as a QR code
     * and as the PIN of the subject's reference, exactly as someone holding a leaked export would; none opens anything,
     * while the real card, PIN and QR codes still do.
     */
    @Test
    void noValueOfAnExportOpensAGate() throws Exception {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "COMPOUND");
        String subject = t.createSubject("resident-leak");
        String session = t.session(subject);
        t.decide(session, "gate-verification", "GRANT").then().statusCode(201);
        t.enrol(session, photo("obama_1.jpg")).then().statusCode(201);
        String site = io.consentry.testing.Devices.createSite(t.admin, t.slug, "Leak gate");
        t.asAdmin().body(Map.of("methods", List.of("PIN", "QR", "CARD", "GUARD"))).put(t.api("/sites/" + site + "/policy"))
                .then().statusCode(200);
        // One reader per method, so that each has its own rate limit.
        String device = io.consentry.testing.Devices.token(t.slug, io.consentry.testing.Devices.register(t.admin, t.slug, site, "Card reader"));
        String qrReader = io.consentry.testing.Devices.token(t.slug, io.consentry.testing.Devices.register(t.admin, t.slug, site, "QR reader"));
        String keypad = io.consentry.testing.Devices.token(t.slug, io.consentry.testing.Devices.register(t.admin, t.slug, site, "Keypad"));
        String pin = "481516";
        String card = "CARD-0042-77315";
        t.asAdmin().body(Map.of("subjectId", subject, "kind", "PIN", "pin", pin)).post(t.api("/credentials")).then().statusCode(201);
        t.asAdmin().body(Map.of("subjectId", subject, "kind", "CARD", "cardId", card)).post(t.api("/credentials")).then().statusCode(201);
        String oneTimeQr = t.asAdmin().body(Map.of("subjectId", subject, "kind", "QR_ONE_TIME", "validForMinutes", 60))
                .post(t.api("/credentials")).then().statusCode(201).extract().path("qrPayload");
        t.asAdmin().body(Map.of("subjectId", subject, "kind", "QR_TOTP")).post(t.api("/credentials")).then().statusCode(201);

        // The real credentials open the gate (so a value that equals one would too).
        assertThat(alternative(device, Map.of("method", "CARD", "cardId", card))).isEqualTo("GRANTED");
        assertThat(alternative(keypad, Map.of("method", "PIN", "subjectRef", "resident-leak", "pin", pin))).isEqualTo("GRANTED");

        String mine = t.asSubject(session).get(t.portal("/exports/" + t.asSubject(session).post(t.portal("/exports"))
                .then().statusCode(201).extract().path("id"))).then().statusCode(200).extract().asString();
        String byAdmin = t.asAdmin().get(t.api("/subjects/" + subject + "/exports/" + t.asAdmin().post(t.api("/subjects/" + subject + "/exports"))
                .then().statusCode(201).extract().path("id"))).then().statusCode(200).extract().asString();
        java.util.Set<String> values = new java.util.TreeSet<>();
        for (String export : List.of(mine, byAdmin)) {
            collect(new com.fasterxml.jackson.databind.ObjectMapper().readTree(export), values);
        }
        assertThat(values).as("the export lists the card, masked").contains("••••7315").hasSizeGreaterThan(30);

        String schema = t.schema();
        int tried = 0;
        for (String value : values) {
            assertThat(alternative(device, Map.of("method", "CARD", "cardId", value))).as("card " + value).isEqualTo("DENIED");
            assertThat(alternative(qrReader, Map.of("method", "QR", "qr", value))).as("qr " + value).isEqualTo("DENIED");
            assertThat(alternative(keypad, Map.of("method", "PIN", "subjectRef", "resident-leak", "pin", value))).as("pin " + value)
                    .isEqualTo("DENIED");
            // Wrong PINs lock the PIN; unlocked after each try, so every value is really compared with it.
            sql("UPDATE " + schema + ".alt_credential SET failed_attempts = 0, locked_until = NULL WHERE kind = 'PIN'");
            tried += 3;
        }
        assertThat(tried).isEqualTo(3 * values.size());
        assertThat(alternative(qrReader, Map.of("method", "QR", "qr", oneTimeQr))).as("the real QR still works").isEqualTo("GRANTED");
    }

    private static void collect(com.fasterxml.jackson.databind.JsonNode node, java.util.Set<String> values) {
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, values));
            node.fieldNames().forEachRemaining(values::add);
        } else if (!node.isNull()) {
            values.add(node.asText());
        }
    }

    /** One decision at the device; a 429 (the device's rate limit) is waited out and retried. */
    private static String alternative(String device, Map<String, Object> body) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Response response = given().auth().oauth2(device).contentType(io.restassured.http.ContentType.JSON).body(body)
                    .post("/api/v1/device/alternative");
            if (response.statusCode() == 200) {
                return response.path("decision");
            }
            if (response.statusCode() == 400) {
                return "DENIED"; // e.g. a value that is not even well-formed input: refused before any check
            }
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(429);
            assertThat(Instant.now()).as("rate limit cleared in time").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private void sql(String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void packagesGoAfterTheirKeepTime() {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "BANK");
        String subject = t.createSubject("customer-export");
        String session = t.session(subject);
        String exportId = t.asSubject(session).post(t.portal("/exports")).then().statusCode(201).extract().path("id");
        var tenant = registry.findBySlug(t.slug).orElseThrow();

        assertThat(work.as(tenant, () -> purge.purgeDue(Instant.now()))).isZero();
        t.asSubject(session).get(t.portal("/exports/" + exportId)).then().statusCode(200);

        assertThat(work.as(tenant, () -> purge.purgeDue(Instant.now().plus(Duration.ofDays(31))))).isEqualTo(1);
        assertProblem(t.asSubject(session).get(t.portal("/exports/" + exportId)), 410, "export_expired");
        assertThat(t.asSubject(session).get(t.portal("/exports")).then().statusCode(200).extract().<Boolean>path("[0].available")).isFalse();
    }

    private List<String> bucketKeys(String bucket) throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        for (io.minio.Result<io.minio.messages.Item> item : s3.listObjects(io.minio.ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static final String FORMAT_MARK = "consentry-subject-export";
}
