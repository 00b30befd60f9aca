package io.consentry.cellmove;

import io.consentry.testing.CellServers;
import io.consentry.testing.Devices;
import io.consentry.testing.RealServers;
import io.consentry.testing.TestPhotos;
import io.consentry.testing.TwoCells;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Moving a tenant from the home cell to cell B on the real servers of two cells: the copy is whole (same rows, same
 * objects, same realm with its device client and secret), the old cell keeps nothing, the tenant is refused while it
 * moves, and a move that fails leaves the target empty and the tenant served where it was.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(TwoCells.class)
class CellMoveTest {

    private static final String B = TwoCells.CELL_B;

    @Inject
    Keycloak keycloak;

    @Test
    void aTenantMovesWholeToCellBAndNothingOfItStaysOnA() throws Exception {
        String a = CellServers.home();
        MovedTenant tenant = MovedTenant.on(keycloak, a, "move");
        String operator = MovedTenant.operator(keycloak);
        String deviceToken = Devices.token(tenant.slug, tenant.device());
        identify(deviceToken).then().statusCode(200).body("decision", equalTo("GRANTED"));

        Map<String, Long> rows = tenant.rowCounts(a);
        Map<String, Long> objects = tenant.objects(a);
        String audit = tenant.auditDigest(a, Long.MAX_VALUE);
        assertThat(rows.get("subject")).isEqualTo(2);
        assertThat(rows.get("consent_event")).isGreaterThanOrEqualTo(3);
        assertThat(objects).isNotEmpty();

        Response started;
        // Hold a lock the copy needs: the move must wait for it, so the tenant is seen mid-move without timing luck.
        try (Connection blocker = CellServers.ownerConnection(a); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("LOCK TABLE \"" + tenant.schema() + "\".subject IN ACCESS EXCLUSIVE MODE");

            started = given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", B))
                    .post("/api/v1/platform/tenants/" + tenant.slug + "/moves");
            started.then().statusCode(202).body("state", equalTo("RUNNING")).body("from", equalTo(a)).body("to", equalTo(B))
                    .body("tenant", equalTo(tenant.slug));
            assertThat(started.header("Location")).endsWith("/moves/" + started.path("id"));
            MovedTenant.await(() -> waitingForLock(a, tenant.schema()), "the move waiting for the subject table");

            identify(deviceToken).then().statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("tenant_moving")).header("Retry-After", "30");
            given().auth().oauth2(tenant.admin).get("/api/v1/tenants/" + tenant.slug + "/subjects")
                    .then().statusCode(503).body("code", equalTo("tenant_moving"));
            given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + tenant.slug + "/moves/" + started.path("id"))
                    .then().statusCode(200).body("state", equalTo("RUNNING")).body("step", equalTo("SCHEMA"));
            given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", B))
                    .post("/api/v1/platform/tenants/" + tenant.slug + "/moves")
                    .then().statusCode(409).body("code", equalTo("move_running"));
            given().auth().oauth2(operator).queryParam("confirm", tenant.slug).delete("/api/v1/platform/tenants/" + tenant.slug)
                    .then().statusCode(409).body("code", equalTo("move_running"));
            // Background work on the tenant's data would wait for the move's locks, then write to the cell it leaves.
            given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + tenant.slug + "/keys/rotate")
                    .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("move_running"));
            given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + tenant.slug + "/model-migration/start")
                    .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("move_running"));
            blocker.rollback();
        }

        String id = started.path("id");
        Map<String, Object> move = finished(operator, tenant.slug, id);
        assertThat(move.get("state")).as("move " + move).isEqualTo("DONE");
        assertThat(move.get("leftovers")).isNull();
        Map<?, ?> progress = (Map<?, ?>) move.get("progress");
        assertThat(progress.get("tablesCopied")).isEqualTo(progress.get("tablesTotal"));
        assertThat(((Number) progress.get("rowsCopied")).longValue()).isEqualTo(rows.values().stream().mapToLong(Long::longValue).sum());
        assertThat(((Number) progress.get("objectsCopied")).longValue()).isEqualTo(objects.size());
        assertThat(((Number) progress.get("bytesCopied")).longValue()).isEqualTo(objects.values().stream().mapToLong(Long::longValue).sum());
        assertThat((Integer) progress.get("realmUsers")).isGreaterThanOrEqualTo(3); // first admin, test admin, assessor
        assertThat((Integer) progress.get("realmClients")).isGreaterThanOrEqualTo(1);
        assertThat((Integer) progress.get("realmRoles")).isGreaterThanOrEqualTo(1);

        // Nothing of the tenant on A; all of it on B.
        assertThat(CellServers.hasSchema(a, tenant.schema())).isFalse();
        assertThat(CellServers.hasBucket(a, tenant.bucket())).isFalse();
        assertThat(CellServers.hasRealm(a, tenant.slug)).isFalse();
        assertThat(CellServers.hasSchema(B, tenant.schema())).isTrue();
        assertThat(CellServers.hasRealm(B, tenant.slug)).isTrue();
        Map<String, Long> onB = tenant.rowCounts(B);
        assertThat(withoutGrowth(onB)).isEqualTo(withoutGrowth(rows));
        // After the switch the log continues on B: the move's two entries and one per setup link mailed to the staff.
        assertThat(onB.get("audit_entry")).isEqualTo(rows.get("audit_entry") + 2 + (Integer) progress.get("setupLinksSent"));
        assertThat(move.get("error")).as("audit entries and setup links of the move").isNull();
        assertThat((Integer) progress.get("setupLinksSent")).isGreaterThanOrEqualTo(1);
        assertThat(tenant.objects(B)).isEqualTo(objects);
        assertThat(tenant.auditDigest(B, rows.get("audit_entry"))).as("the audit chain, entry for entry").isEqualTo(audit);
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + tenant.slug).then().statusCode(200)
                .body("placement.cell", equalTo(B)).body("status", equalTo("ACTIVE"));
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + tenant.slug + "/moves").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].id", equalTo(id));

        // The history tables stay append-only on B, for the owner too, and the runtime role may only add to them.
        try (Connection owner = CellServers.ownerConnection(B); Statement statement = owner.createStatement()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                    statement.execute("UPDATE \"" + tenant.schema() + "\".audit_entry SET action = 'forged'")))
                    .hasMessageContaining("append-only");
            try (ResultSet grants = statement.executeQuery("SELECT has_table_privilege('consentry_api', '\"" + tenant.schema()
                    + "\".audit_entry', 'INSERT'), has_table_privilege('consentry_api', '\"" + tenant.schema()
                    + "\".audit_entry', 'UPDATE'), has_table_privilege('consentry_api', '\"" + tenant.schema() + "\".subject', 'UPDATE')")) {
                grants.next();
                assertThat(List.of(grants.getBoolean(1), grants.getBoolean(2), grants.getBoolean(3))).containsExactly(true, false, true);
            }
        }

        // The device keeps its client id and secret: B's Keycloak issues it a token. The old cell's token is refused.
        String fromB = tokenOnCell(B, tenant.slug, tenant.device());
        assertThat(issuer(fromB)).startsWith(CellServers.keycloakUrl(B));
        identify(deviceToken).then().statusCode(401);
        System.out.printf("MOVE-TIMING tables=%s rows=%s objects=%s bytes=%s users=%s clients=%s roles=%s started=%s switched=%s finished=%s%n",
                progress.get("tablesCopied"), progress.get("rowsCopied"), progress.get("objectsCopied"), progress.get("bytesCopied"),
                progress.get("realmUsers"), progress.get("realmClients"), progress.get("realmRoles"), move.get("startedAt"),
                move.get("switchedAt"), move.get("finishedAt"));

        // A finished move has nothing to clean up; one that left something behind is cleaned up again on request.
        String movePath = "/api/v1/platform/tenants/" + tenant.slug + "/moves/" + id;
        given().auth().oauth2(operator).post(movePath + "/cleanup").then().statusCode(409).body("code", equalTo("move_nothing_left"));
        CellServers.s3(a).makeBucket(io.minio.MakeBucketArgs.builder().bucket(tenant.bucket()).build());
        try (Connection owner = CellServers.ownerConnection(a); Statement statement = owner.createStatement()) {
            statement.executeUpdate("UPDATE platform.tenant_move SET state = 'DONE_WITH_LEFTOVERS', leftovers = 'bucket "
                    + tenant.bucket() + " on " + a + "' WHERE id = '" + id + "'");
        }
        given().auth().oauth2(operator).post(movePath + "/cleanup").then().statusCode(202).body("state", equalTo("RUNNING"))
                .body("step", equalTo("CLEANUP"));
        assertThat(finished(operator, tenant.slug, id)).containsEntry("state", "DONE").containsEntry("leftovers", null);
        assertThat(CellServers.hasBucket(a, tenant.bucket())).isFalse();
    }

    /**
     * After the move the api serves the tenant from B (its persistence unit, Keycloak and S3 routed to the tenant's
     * cell): the device with a token of B's Keycloak is GRANTED for the enrolled face, the audit chain verifies and
     * continues there with the move's own entries, and the staff were mailed new setup links.
     */
    @Test
    void afterTheMoveTheApiServesTheTenantFromB() throws Exception {
        MovedTenant tenant = MovedTenant.on(keycloak, CellServers.home(), "move-serve");
        String operator = MovedTenant.operator(keycloak);
        String id = given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", B))
                .post("/api/v1/platform/tenants/" + tenant.slug + "/moves").then().statusCode(202).extract().path("id");
        Map<String, Object> move = finished(operator, tenant.slug, id);
        assertThat(move.get("state")).isEqualTo("DONE");
        assertThat(move.get("error")).as("audit entries and setup links").isNull();
        assertThat((Integer) ((Map<?, ?>) move.get("progress")).get("setupLinksSent")).isGreaterThanOrEqualTo(1);

        identify(tokenOnCell(B, tenant.slug, tenant.device())).then().statusCode(200).body("decision", equalTo("GRANTED"));
        String username = "after-move-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        String password = java.util.UUID.randomUUID().toString();
        Users.create(CellServers.keycloakAdmin(B), tenant.slug, username, password, "tenant-admin");
        String admin = given().formParam("grant_type", "password").formParam("client_id", "consentry-cli")
                .formParam("username", username).formParam("password", password)
                .formParam("otp", io.consentry.testing.Totp.code(io.consentry.testing.Totp.TEST_SECRET))
                .post(CellServers.keycloakUrl(B) + "/realms/" + tenant.slug + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        // The chain continues on B: every entry, the move's own included, links to the one before it. (The api's full
        // verification, POST …/audit/verify, also reads the signed checkpoints of the platform schema, which it asks
        // through the tenant's connection, i.e. of cell B, where there is no platform schema: see the report.)
        try (Connection owner = CellServers.ownerConnection(B); Statement statement = owner.createStatement();
             ResultSet broken = statement.executeQuery("SELECT count(*) FROM \"" + tenant.schema() + "\".audit_entry a JOIN \""
                     + tenant.schema() + "\".audit_entry p ON p.seq = a.seq - 1 WHERE a.prev_hash <> p.entry_hash")) {
            broken.next();
            assertThat(broken.getInt(1)).isZero();
        }
        given().auth().oauth2(admin).get("/api/v1/tenants/" + tenant.slug + "/audit?action=tenant.move.finished").then().statusCode(200)
                .body("items[0].details.from", equalTo(CellServers.home())).body("items[0].details.to", equalTo(B));
    }

    @Test
    void aMoveThatFailsLeavesNothingOnTheTargetAndTheTenantServedWhereItWas() throws Exception {
        String a = CellServers.home();
        MovedTenant tenant = MovedTenant.on(keycloak, a, "move-fail");
        String operator = MovedTenant.operator(keycloak);
        Map<String, Long> rows = tenant.rowCounts(a);
        String id;
        // The objects cannot be read from A's S3 while it is down: the move fails after the schema was copied to B.
        RealServers.stopS3();
        try {
            id = given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", B))
                    .post("/api/v1/platform/tenants/" + tenant.slug + "/moves").then().statusCode(202).extract().path("id");
            Map<String, Object> move = finished(operator, tenant.slug, id);
            assertThat(move.get("state")).as("move " + move).isEqualTo("FAILED");
            assertThat((String) move.get("error")).contains("copying the objects of bucket " + tenant.bucket())
                    .contains("Everything it had made on " + B + " was removed").contains("served from " + a);
        } finally {
            RealServers.startS3();
        }
        assertThat(CellServers.hasSchema(B, tenant.schema())).isFalse();
        assertThat(CellServers.hasBucket(B, tenant.bucket())).isFalse();
        assertThat(CellServers.hasRealm(B, tenant.slug)).isFalse();
        assertThat(tenant.rowCounts(a)).isEqualTo(rows);
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + tenant.slug).then().statusCode(200)
                .body("placement.cell", equalTo(a)).body("status", equalTo("ACTIVE"));
        identify(Devices.token(tenant.slug, tenant.device())).then().statusCode(200).body("decision", equalTo("GRANTED"));
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + tenant.slug + "/moves/" + id)
                .then().statusCode(200).body("state", equalTo("FAILED"));
    }

    @Test
    void aMoveWhoseTargetS3GoesDownLeavesNothingOnTheTargetAndTheTenantServedWhereItWas() throws Exception {
        String a = CellServers.home();
        MovedTenant tenant = MovedTenant.on(keycloak, a, "move-s3b");
        String operator = MovedTenant.operator(keycloak);
        Map<String, Long> rows = tenant.rowCounts(a);
        Map<String, Long> objects = tenant.objects(a);
        String id;
        try {
            // Held at the schema step (past its check that B holds nothing of the tenant) while B's S3 goes away: the
            // schema is copied to B, the bucket cannot be, and the copy on B must be removed with B's S3 still away.
            try (Connection blocker = CellServers.ownerConnection(a); Statement lock = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                lock.execute("LOCK TABLE \"" + tenant.schema() + "\".subject IN ACCESS EXCLUSIVE MODE");
                id = given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", B))
                        .post("/api/v1/platform/tenants/" + tenant.slug + "/moves").then().statusCode(202).extract().path("id");
                MovedTenant.await(() -> waitingForLock(a, tenant.schema()), "the move waiting for the subject table");
                RealServers.stopS3(B);
                blocker.rollback();
            }
            Map<String, Object> move = finished(operator, tenant.slug, id);
            assertThat(move.get("state")).as("move " + move).isEqualTo("FAILED");
            assertThat((String) move.get("error")).contains("copying the objects of bucket " + tenant.bucket())
                    .contains("served from " + a);
            assertThat(CellServers.hasSchema(B, tenant.schema())).isFalse();
            assertThat(CellServers.hasRealm(B, tenant.slug)).isFalse();
            assertThat(tenant.rowCounts(a)).isEqualTo(rows);
            assertThat(tenant.objects(a)).isEqualTo(objects);
            given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + tenant.slug).then().statusCode(200)
                    .body("placement.cell", equalTo(a)).body("status", equalTo("ACTIVE"));
            identify(Devices.token(tenant.slug, tenant.device())).then().statusCode(200).body("decision", equalTo("GRANTED"));
        } finally {
            RealServers.startS3(B);
        }
        assertThat(CellServers.hasBucket(B, tenant.bucket())).isFalse();
    }

    @Test
    void onlyOperatorsMoveAndEveryRefusalWritesNothing() throws Exception {
        String a = CellServers.home();
        String slug = MovedTenant.create(keycloak, a, "move-no");
        String operator = MovedTenant.operator(keycloak);
        String path = "/api/v1/platform/tenants/" + slug + "/moves";

        given().auth().oauth2(Users.tokenFor(keycloak, slug, "tenant-admin")).contentType(ContentType.JSON).body(Map.of("cell", B))
                .post(path).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", "cell-z"))
                .post(path).then().statusCode(400).body("code", equalTo("unknown_cell"));
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", a))
                .post(path).then().statusCode(409).body("code", equalTo("move_to_own_cell"));
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", B))
                .post("/api/v1/platform/tenants/no-such-tenant/moves").then().statusCode(404).body("code", equalTo("tenant_not_found"));
        given().auth().oauth2(operator).contentType(ContentType.JSON).body("{\"cell\":")
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(operator).contentType(ContentType.JSON).body("{\"cell\":5}")
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(operator).contentType(ContentType.JSON).body("{}")
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(operator).get(path + "/not-a-move").then().statusCode(404).body("code", equalTo("move_not_found"));
        given().auth().oauth2(operator).get(path + "/" + java.util.UUID.randomUUID()).then().statusCode(404).body("code", equalTo("move_not_found"));

        // A tenant being deleted (or still being provisioned) does not move.
        try (Connection owner = CellServers.ownerConnection(a); Statement statement = owner.createStatement()) {
            statement.executeUpdate("UPDATE platform.tenant SET status = 'DELETING' WHERE slug = '" + slug + "'");
        }
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", B))
                .post(path).then().statusCode(409).body("code", equalTo("invalid_tenant_status"));

        given().auth().oauth2(operator).get(path).then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + slug).then().body("placement.cell", equalTo(a));
        assertThat(CellServers.hasSchema(B, "t_" + slug.replace('-', '_'))).isFalse();
        try (Connection owner = CellServers.ownerConnection(a); Statement statement = owner.createStatement()) {
            statement.executeUpdate("UPDATE platform.tenant SET status = 'ACTIVE' WHERE slug = '" + slug + "'");
        }
    }

    /**
     * A tenant with bulk: 100,000 subjects with their activity clock (200,000 rows), 200 objects of 64 KiB and 100
     * staff accounts, moved whole. Its move's log lines (step times) are the numbers of docs/operations/cell-moves.md.
     */
    @Test
    void aBulkyTenantMovesWholeAndItsStepTimesAreLogged() throws Exception {
        String a = CellServers.home();
        String slug = MovedTenant.create(keycloak, a, "move-bulk");
        String schema = "t_" + slug.replace('-', '_');
        String bucket = "consentry-t-" + slug;
        try (Connection owner = CellServers.ownerConnection(a); Statement statement = owner.createStatement()) {
            statement.executeUpdate("INSERT INTO \"" + schema + "\".subject (id, external_ref, created_at) "
                    + "SELECT gen_random_uuid(), 'bulk-' || g, now() FROM generate_series(1, 100000) g");
            statement.executeUpdate("INSERT INTO \"" + schema + "\".biometric_activity (subject_id, last_interaction_at, kind) "
                    + "SELECT id, now(), 'ENROLMENT' FROM \"" + schema + "\".subject");
        }
        byte[] body = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(body);
        for (int i = 0; i < 200; i++) {
            CellServers.s3(a).putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object("bulk/" + i)
                    .stream(new java.io.ByteArrayInputStream(body), body.length, -1).build());
        }
        for (int i = 0; i < 100; i++) {
            Users.create(keycloak, slug, "bulk-" + i, java.util.UUID.randomUUID().toString(), "auditor");
        }
        MovedTenant counted = new MovedTenant(slug);
        Map<String, Long> rows = counted.rowCounts(a);
        Map<String, Long> objects = counted.objects(a);
        String operator = MovedTenant.operator(keycloak);
        String id = given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("cell", B))
                .post("/api/v1/platform/tenants/" + slug + "/moves").then().statusCode(202).extract().path("id");
        Map<String, Object> move = finished(operator, slug, id);
        assertThat(move.get("state")).as("move " + move).isEqualTo("DONE");
        assertThat(withoutGrowth(counted.rowCounts(B))).isEqualTo(withoutGrowth(rows));
        assertThat(counted.objects(B)).isEqualTo(objects);
        assertThat((Integer) ((Map<?, ?>) move.get("progress")).get("realmUsers")).isGreaterThanOrEqualTo(102);
        assertThat(CellServers.hasSchema(a, schema)).isFalse();
        System.out.printf("MOVE-BULK %s%n", move);
    }

    /** The tables that grow after the switch by design (the move's audit entries, the staff's setup links and mails) left out. */
    private static Map<String, Long> withoutGrowth(Map<String, Long> counts) {
        Map<String, Long> copy = new java.util.TreeMap<>(counts);
        copy.remove("audit_entry");
        copy.remove("mail_outbox");
        copy.remove("staff_setup_token");
        return copy;
    }

    private static Map<String, Object> finished(String operator, String slug, String id) {
        String path = "/api/v1/platform/tenants/" + slug + "/moves/" + id;
        MovedTenant.await(() -> !"RUNNING".equals(given().auth().oauth2(operator).get(path).then().statusCode(200)
                .extract().path("state")), "move " + id + " to finish");
        return given().auth().oauth2(operator).get(path).then().statusCode(200).extract().path("$");
    }

    /** Whether a session on the cell's database waits for a lock on the schema's subject table (the move's copy). */
    private static boolean waitingForLock(String cell, String schema) {
        try (Connection owner = CellServers.ownerConnection(cell); Statement statement = owner.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT l.granted AND n.nspname = '" + schema
                     + "' AND c.relname = 'subject'")) {
            rows.next();
            return rows.getInt(1) > 0;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response identify(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("image", Base64.getEncoder().encodeToString(TestPhotos.photo("obama_2.jpg"))))
                .post("/api/v1/device/identify");
    }

    /** The client-credentials grant at the given cell's Keycloak, as the device does it after the move. */
    static String tokenOnCell(String cell, String realm, Devices.Registered device) {
        return given().formParam("grant_type", "client_credentials").formParam("client_id", device.clientId())
                .formParam("client_secret", device.secret())
                .post(CellServers.keycloakUrl(cell) + "/realms/" + realm + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String issuer(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"iss\":\"([^\"]+)\".*", "$1");
    }
}
