package io.consentry.usage;

import io.consentry.testing.Devices;
import io.consentry.testing.FaceSite;
import io.consentry.testing.Management;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Usage metering on the real servers: real decisions and enrolments in two tenants, the day recorded into the platform
 * table, read back by the operator across tenants; each tenant's numbers are exactly its own.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class UsageTest {

    private static final String USAGE = "/api/v1/platform/usage";
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    private static FaceSite a;
    private static FaceSite b;
    private static String operator;

    @Inject
    Keycloak keycloak;

    @Inject
    @io.quarkus.agroal.DataSource(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE)
    io.agroal.api.AgroalDataSource owner; // the owner role: what a database administrator, not the api, could do

    /**
     * Tenant A: one enrolment; two 1:1 decisions (granted, denied) and a frame refused before any decision; one 1:N
     * decision; two PIN decisions (granted, wrong PIN). Tenant B: one enrolment, one PIN decision.
     */
    @BeforeEach
    void activityInTwoTenants() {
        if (a != null) {
            return;
        }
        operator = Users.tokenFor(keycloak, "platform", "platform-operator");
        String slugA = Tenants.uniqueSlug("use");
        String slugB = Tenants.uniqueSlug("use-b");
        Tenants.create(operator, slugA, "COMPOUND");
        Tenants.create(operator, slugB, "COMPOUND");
        FaceSite a = FaceSite.in(slugA, Users.tokenFor(keycloak, slugA, "tenant-admin"));
        FaceSite b = FaceSite.in(slugB, Users.tokenFor(keycloak, slugB, "tenant-admin"));

        String obama = a.consentingMember("obama-ref", "obama_1.jpg");
        a.credential(obama, Map.of("kind", "PIN", "pin", "482913"), "id");
        String tokenA = Devices.token(a.tenant, a.device);
        decide(tokenA, "/verify", Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "obama-ref"), "image", b64("obama_2.jpg")), "GRANTED");
        decide(tokenA, "/verify", Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "obama-ref"), "image", b64("kit_harington_1.jpg")), "DENIED");
        post(tokenA, "/verify", Map.of("claim", Map.of("type", "SUBJECT_REF", "value", "obama-ref"), "image", b64("multi_obama_and_biden.jpg")))
                .then().statusCode(422);
        decide(tokenA, "/identify", Map.of("image", b64("obama_3.jpg")), "GRANTED");
        decide(tokenA, "/alternative", Map.of("method", "PIN", "subjectRef", "obama-ref", "pin", "482913"), "GRANTED");
        decide(tokenA, "/alternative", Map.of("method", "PIN", "subjectRef", "obama-ref", "pin", "000000"), "DENIED");

        String biden = b.consentingMember("biden-ref", "biden_1.jpg");
        b.credential(biden, Map.of("kind", "PIN", "pin", "135790"), "id");
        decide(Devices.token(b.tenant, b.device), "/alternative", Map.of("method", "PIN", "subjectRef", "biden-ref", "pin", "135790"), "GRANTED");

        given().auth().oauth2(operator).post(USAGE + "/record?day=" + TODAY).then().statusCode(200)
                .body("day", equalTo(TODAY)).body("failed.tenant", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItems(a.tenant)));
        // set last: a failed set-up is not mistaken for a finished one by the next test
        UsageTest.b = b;
        UsageTest.a = a;
    }

    @Test
    void eachTenantsDayCountsExactlyItsOwnDecisionsAndEnrolments() {
        List<Map<String, Object>> rowsA = usage("?from=" + TODAY + "&to=" + TODAY + "&tenant=" + a.tenant);
        assertThat(rowsA).hasSize(1);
        Map<String, Object> rowA = rowsA.get(0);
        assertThat(rowA).containsEntry("tenant", a.tenant).containsEntry("day", TODAY)
                .containsEntry("verifications", 2).containsEntry("identifications", 1).containsEntry("alternativeDecisions", 2)
                .containsEntry("enrolments", 1).containsEntry("storedTemplates", 1);
        assertThat(((Number) rowA.get("objectStoreBytes")).longValue()).isGreaterThanOrEqualTo(0);

        List<Map<String, Object>> rowsB = usage("?from=" + TODAY + "&to=" + TODAY + "&tenant=" + b.tenant);
        assertThat(rowsB).singleElement().satisfies(row -> assertThat(row).containsEntry("tenant", b.tenant)
                .containsEntry("verifications", 0).containsEntry("identifications", 0).containsEntry("alternativeDecisions", 1)
                .containsEntry("enrolments", 1).containsEntry("storedTemplates", 1));
    }

    @Test
    void theOperatorReadsEveryTenantFromOneTableAndRecordingAgainDoesNotDoubleCount() {
        given().auth().oauth2(operator).post(USAGE + "/record").then().statusCode(200).body("day", equalTo(TODAY));
        List<Map<String, Object>> all = usage("?from=" + LocalDate.parse(TODAY).minusDays(6) + "&to=" + TODAY);
        assertThat(all).filteredOn(r -> a.tenant.equals(r.get("tenant"))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("verifications", 2).containsEntry("alternativeDecisions", 2));
        assertThat(all).filteredOn(r -> b.tenant.equals(r.get("tenant"))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("verifications", 0).containsEntry("alternativeDecisions", 1));

        String csv = given().auth().oauth2(operator).accept("text/csv").get(USAGE + "?from=" + TODAY + "&to=" + TODAY + "&tenant=" + a.tenant)
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        assertThat(csv.lines().toList()).hasSize(2).first().isEqualTo(
                "tenant,day,verifications,identifications,alternativeDecisions,enrolments,storedTemplates,objectStoreBytes");
        assertThat(csv.lines().toList().get(1)).startsWith(a.tenant + "," + TODAY + ",2,1,2,1,1,");

        assertThat(usage("?from=2020-01-01&to=2020-01-31")).isEmpty();
    }

    @Test
    void aTenantThatCannotBeMeasuredIsReportedAndTheOthersAreStillRecorded() throws Exception {
        String broken = Tenants.uniqueSlug("use-x");
        Tenants.create(operator, broken, "COMPOUND");
        String bucket;
        try (var c = owner.getConnection(); var q = c.prepareStatement("SELECT bucket FROM platform.tenant WHERE slug = ?")) {
            q.setString(1, broken);
            try (var rows = q.executeQuery()) {
                rows.next();
                bucket = rows.getString(1);
            }
        }
        // What an operator's mistake could leave behind: a tenant whose bucket cannot be reached.
        setBucket(broken, "Not A Bucket!");
        try {
            Response report = given().auth().oauth2(operator).post(USAGE + "/record");
            report.then().statusCode(200).body("failed.tenant", org.hamcrest.Matchers.hasItem(broken))
                    .body("failed.tenant", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(a.tenant)));
            assertThat((Integer) report.path("recorded")).isGreaterThanOrEqualTo(2);
            assertThat(usage("?from=" + TODAY + "&to=" + TODAY + "&tenant=" + a.tenant)).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("verifications", 2));
            assertThat(usage("?from=" + TODAY + "&to=" + TODAY + "&tenant=" + broken)).isEmpty();
        } finally {
            setBucket(broken, bucket);
        }
    }

    private void setBucket(String slug, String bucket) throws java.sql.SQLException {
        try (var c = owner.getConnection(); var u = c.prepareStatement("UPDATE platform.tenant SET bucket = ? WHERE slug = ?")) {
            u.setString(1, bucket);
            u.setString(2, slug);
            assertThat(u.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void aTenantAdminAndADeviceCannotReadUsage() {
        problem(given().auth().oauth2(a.admin).get(USAGE), 403, null);
        problem(given().auth().oauth2(a.admin).post(USAGE + "/record"), 403, null);
        problem(given().auth().oauth2(Devices.token(a.tenant, a.device)).get(USAGE), 403, null);
        problem(given().get(USAGE), 401, null);
    }

    @Test
    void badDatesTooLongRangesAndUnknownTenantsAreProblems() {
        Response badDate = given().auth().oauth2(operator).get(USAGE + "?from=2026-13-01&to=" + TODAY);
        problem(badDate, 400, "validation_failed");
        assertThat((String) badDate.path("errors[0].field")).isEqualTo("from");
        problem(given().auth().oauth2(operator).get(USAGE + "?from=yesterday"), 400, "validation_failed");
        problem(given().auth().oauth2(operator).get(USAGE + "?from=2026-03-02&to=2026-03-01"), 400, "validation_failed");
        problem(given().auth().oauth2(operator).get(USAGE + "?from=2025-01-01&to=2026-03-01"), 400, "usage_range_too_long");
        problem(given().auth().oauth2(operator).get(USAGE + "?tenant=no-such-tenant"), 404, "tenant_not_found");
        problem(given().auth().oauth2(operator).get(USAGE + "?tenant=" + "x".repeat(300)), 404, "tenant_not_found");
        problem(given().auth().oauth2(operator).post(USAGE + "/record?day=" + LocalDate.parse(TODAY).plusDays(1)), 400, "validation_failed");
        problem(given().auth().oauth2(operator).post(USAGE + "/record?day=31.12.2025"), 400, "validation_failed");
        problem(given().auth().oauth2(operator).accept("text/csv").get(USAGE + "?from=nope"), 400, "validation_failed");
    }

    @Test
    void prometheusMetricsCarryTheTenantLabel() {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(value(metrics, "consentry_decisions_total", a.tenant, "method=\"FACE_1_1\"", "outcome=\"GRANTED\"")).isEqualTo(1.0);
        assertThat(value(metrics, "consentry_decisions_total", a.tenant, "method=\"FACE_1_1\"", "outcome=\"DENIED\"")).isEqualTo(1.0);
        assertThat(value(metrics, "consentry_decisions_total", a.tenant, "method=\"FACE_1_N\"", "outcome=\"GRANTED\"")).isEqualTo(1.0);
        assertThat(value(metrics, "consentry_decisions_total", a.tenant, "method=\"PIN\"", "outcome=\"DENIED\"")).isEqualTo(1.0);
        assertThat(value(metrics, "consentry_decisions_total", b.tenant, "method=\"PIN\"", "outcome=\"GRANTED\"")).isEqualTo(1.0);
        assertThat(value(metrics, "consentry_decisions_total", b.tenant, "method=\"FACE_1_1\"")).as("none in B").isNull();
        assertThat(value(metrics, "consentry_enrolments_total", a.tenant)).isEqualTo(1.0);
        assertThat(value(metrics, "consentry_stored_templates", b.tenant)).isEqualTo(1.0);
    }

    /** The sample of {@code name} whose labels hold the tenant and every other label given; null when there is none. */
    private static Double value(String metrics, String name, String tenant, String... labels) {
        return metrics.lines().filter(l -> l.startsWith(name + "{")).filter(l -> l.contains("tenant=\"" + tenant + "\""))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(null);
    }

    private static List<Map<String, Object>> usage(String query) {
        return given().auth().oauth2(operator).get(USAGE + query).then().statusCode(200).contentType(ContentType.JSON)
                .extract().path("$");
    }

    private static void problem(Response response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat((String) response.path("code")).isEqualTo(code);
        }
    }

    private static void decide(String token, String path, Map<String, Object> body, String outcome) {
        post(token, path, body).then().statusCode(200).body("decision", equalTo(outcome));
    }

    private static Response post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/device" + path);
    }

    private static String b64(String name) {
        return Base64.getEncoder().encodeToString(photo(name));
    }
}
