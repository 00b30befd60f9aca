package io.consentry.access;

import io.consentry.credential.Totp;
import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials under concurrency, on the real servers: the same one-time QR code or TOTP code presented ten times at
 * once opens once; ten wrong PINs at once are evaluated one after the other, so the credential locks after exactly the
 * configured number; lockouts grow.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class CredentialRaceTest {

    private static final int PARALLEL = 10;
    private static Tenants.WithAdmin tenant;
    private static String site;

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "consentry.credential.max-failures")
    int maxFailures;
    @ConfigProperty(name = "consentry.credential.lockout")
    Duration lockout;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @BeforeEach
    void tenantWithASite() {
        if (tenant == null) {
            tenant = Tenants.createWithAdmin(keycloak, "race", "COMPOUND");
            site = Devices.createSite(tenant.admin(), tenant.slug(), "Race gate");
        }
    }

    @Test
    void aOneTimeQrCodePresentedTenTimesAtOnceOpensOnce() throws Exception {
        String qr = issue(Map.of("subjectId", subject(), "kind", "QR_ONE_TIME")).path("qrPayload");
        List<Response> answers = atOnce(freshDevice(), Map.of("method", "QR", "qr", qr));
        assertThat(decisions(answers)).filteredOn("GRANTED"::equals).hasSize(1);
        assertThat(reasons(answers)).filteredOn("credential_used"::equals).hasSize(PARALLEL - 1);
    }

    @Test
    void aTimeBasedCodePresentedTenTimesAtOnceOpensOnce() throws Exception {
        Response issued = issue(Map.of("subjectId", subject(), "kind", "QR_TOTP"));
        String code = Totp.code(AlternativeAccessTest.base32(issued.path("totpSecret")), Totp.step(Instant.now().getEpochSecond()));
        List<Response> answers = atOnce(freshDevice(), Map.of("method", "QR", "qr", "CQ1.T." + issued.path("id") + "." + code));
        assertThat(decisions(answers)).filteredOn("GRANTED"::equals).hasSize(1);
        assertThat(reasons(answers)).filteredOn("code_replayed"::equals).hasSize(PARALLEL - 1);
    }

    @Test
    void tenWrongPinsAtOnceAreEvaluatedOnlyUntilTheCredentialLocks() throws Exception {
        String subject = subject();
        issue(Map.of("subjectId", subject, "kind", "PIN", "pin", "482913"));
        String device = freshDevice();
        List<Response> answers = atOnce(device, Map.of("method", "PIN", "subjectId", subject, "pin", "000111"));
        // maxFailures - 1 told "wrong", the one that locks and all after it told "locked": no more were evaluated.
        assertThat(reasons(answers)).filteredOn("wrong_secret"::equals).hasSize(maxFailures - 1);
        assertThat(reasons(answers)).filteredOn("credential_locked"::equals).hasSize(PARALLEL - maxFailures + 1);
        assertThat(failedAttempts(subject)).isEqualTo(maxFailures);
        alternative(device, Map.of("method", "PIN", "subjectId", subject, "pin", "482913")).then().statusCode(200)
                .body("reason", org.hamcrest.Matchers.equalTo("credential_locked"));
    }

    @Test
    void eachLockoutLastsTwiceAsLongAsTheOneBeforeUntilTheRightPinOpens() throws Exception {
        String subject = subject();
        issue(Map.of("subjectId", subject, "kind", "PIN", "pin", "482913"));
        String device = freshDevice();
        Duration first = lockOut(device, subject);
        assertThat(first).isCloseTo(lockout, Duration.ofSeconds(30));
        expireLockout(subject);
        Duration second = lockOut(device, subject);
        assertThat(second).isCloseTo(lockout.multipliedBy(2), Duration.ofSeconds(30));
        expireLockout(subject);
        Duration third = lockOut(device, subject);
        assertThat(third).isCloseTo(lockout.multipliedBy(4), Duration.ofSeconds(30));
        // the right PIN after a lockout ends opens, and the history of lockouts starts over
        expireLockout(subject);
        alternative(device, Map.of("method", "PIN", "subjectId", subject, "pin", "482913")).then().statusCode(200)
                .body("decision", org.hamcrest.Matchers.equalTo("GRANTED"));
        assertThat(lockOut(device, subject)).isCloseTo(lockout, Duration.ofSeconds(30));
    }

    // ---------------------------------------------------------------- helpers

    /** maxFailures wrong PINs; returns how long the credential is now locked. */
    private Duration lockOut(String device, String subject) throws Exception {
        for (int i = 0; i < maxFailures; i++) {
            alternative(device, Map.of("method", "PIN", "subjectId", subject, "pin", "000111")).then().statusCode(200);
        }
        return Duration.between(Instant.now(), lockedUntil(subject));
    }

    private Instant lockedUntil(String subject) throws Exception {
        try (Connection c = db(); var q = c.prepareStatement("SELECT locked_until FROM " + schema()
                + ".alt_credential WHERE subject_id = ?::uuid AND kind = 'PIN' AND status = 'ACTIVE'")) {
            q.setString(1, subject);
            try (var rows = q.executeQuery()) {
                assertThat(rows.next()).isTrue();
                Timestamp until = rows.getTimestamp(1);
                assertThat(until).as("locked").isNotNull();
                return until.toInstant();
            }
        }
    }

    private int failedAttempts(String subject) throws Exception {
        try (Connection c = db(); var q = c.prepareStatement("SELECT failed_attempts FROM " + schema()
                + ".alt_credential WHERE subject_id = ?::uuid AND kind = 'PIN' AND status = 'ACTIVE'")) {
            q.setString(1, subject);
            try (var rows = q.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Time passes: the lockout ends now. */
    private void expireLockout(String subject) throws Exception {
        try (Connection c = db(); var u = c.prepareStatement("UPDATE " + schema()
                + ".alt_credential SET locked_until = now() - interval '1 second' WHERE subject_id = ?::uuid AND kind = 'PIN' AND status = 'ACTIVE'")) {
            u.setString(1, subject);
            assertThat(u.executeUpdate()).isEqualTo(1);
        }
    }

    private List<Response> atOnce(String deviceToken, Map<String, Object> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                calls.add(() -> {
                    start.await();
                    return alternative(deviceToken, body);
                });
            }
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> call : calls) {
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : futures) {
                Response r = f.get();
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
                answers.add(r);
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> decisions(List<Response> answers) {
        return answers.stream().map(r -> (String) r.path("decision")).toList();
    }

    private static List<String> reasons(List<Response> answers) {
        return answers.stream().map(r -> (String) r.path("reason")).toList();
    }

    private static Response alternative(String deviceToken, Map<String, Object> body) {
        return given().auth().oauth2(deviceToken).contentType(ContentType.JSON).body(body).post("/api/v1/device/alternative");
    }

    private String freshDevice() {
        return Devices.token(tenant.slug(), Devices.register(tenant.admin(), tenant.slug(), site, "Gate " + UUID.randomUUID()));
    }

    private static String subject() {
        return given().auth().oauth2(tenant.admin()).contentType(ContentType.JSON)
                .body(Map.of("externalRef", "r-" + UUID.randomUUID(), "displayName", "Racer"))
                .post("/api/v1/tenants/" + tenant.slug() + "/subjects").then().statusCode(201).extract().path("id");
    }

    private static Response issue(Map<String, Object> body) {
        Response r = given().auth().oauth2(tenant.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tenants/" + tenant.slug() + "/credentials");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r;
    }

    private static String schema() {
        return "t_" + tenant.slug().replace('-', '_');
    }

    private Connection db() throws java.sql.SQLException {
        return DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
    }
}
