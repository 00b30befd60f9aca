package io.consentry.cells;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.testing.CellServers;
import io.consentry.testing.ConsoleSignIn;
import io.consentry.testing.Devices;
import io.consentry.testing.Portal;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.TwoCells;
import io.consentry.testing.Users;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two real cells (two PostgreSQL clusters, two Keycloaks, two S3 servers): a tenant placed on cell B has its realm,
 * bucket and objects there and nothing on cell A, its devices and admins get tokens from B's Keycloak and the api
 * serves them, side by side with a tenant of cell A, neither reaching the other.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
@TestProfile(TwoCells.class)
class TwoCellsTest {

    private static final String B = TwoCells.CELL_B;
    /** The header the console's own pages send with the session cookie (see ConsoleSessionFilter). */
    private static final String CONSOLE_MARKER = "X-Consentry-Console";
    private static String operator;
    /** One tenant per cell, made once for the class (provisioning takes seconds). */
    private static Tenants.WithAdmin onA;
    private static Tenants.WithAdmin onB;

    @Inject
    Keycloak apiKeycloak;
    @Inject
    TenantRegistry registry;
    @Inject
    Cells cells;

    private static String a() {
        return CellServers.home();
    }

    @BeforeEach
    void twoTenants() {
        if (operator == null) {
            operator = Users.tokenFor(apiKeycloak, "platform", "platform-operator");
        }
        if (onA == null) {
            onA = tenantOn(a());
            onB = tenantOn(B);
        }
    }

    @Test
    void aTenantPlacedOnCellBHasItsRealmAndBucketThereAndNothingOnA() {
        String slug = Tenants.uniqueSlug("bplaced");
        create(slug, B).then().statusCode(201)
                .body("placement.cell", equalTo(B))
                .body("placement.keycloakUrl", equalTo(stripSlash(CellServers.keycloakUrl(B))))
                .body("placement.issuer", equalTo(stripSlash(CellServers.keycloakUrl(B)) + "/realms/" + slug))
                .body("placement.s3Endpoint", equalTo(stripSlash(CellServers.s3Endpoint(B))));
        Tenant tenant = registry.findBySlug(slug).orElseThrow();

        assertThat(CellServers.hasRealm(B, tenant.realm)).as("realm on B").isTrue();
        assertThat(CellServers.hasRealm(a(), tenant.realm)).as("realm on A").isFalse();
        assertThat(CellServers.hasBucket(B, tenant.bucket)).as("bucket on B").isTrue();
        assertThat(CellServers.hasBucket(a(), tenant.bucket)).as("bucket on A").isFalse();
        // B's realm has what every tenant realm has: roles and the second-factor policy.
        assertThat(CellServers.keycloakAdmin(B).realm(slug).roles().list()).extracting(r -> r.getName())
                .contains("tenant-admin", "guard", "auditor", "device");
        assertThat(CellServers.keycloakAdmin(B).realm(slug).toRepresentation().getBrowserFlow()).isEqualTo("consentry browser");
        given().auth().oauth2(operator).get("/api/v1/platform/tenants/" + slug).then().statusCode(200)
                .body("provisioned.bucket", equalTo(true)).body("provisioned.realm", equalTo(true));

        // Deleting it removes them from B.
        given().auth().oauth2(operator).delete("/api/v1/platform/tenants/" + slug + "?confirm=" + slug).then().statusCode(200)
                .body("bucketRemoved", equalTo(true)).body("realmRemoved", equalTo(true));
        assertThat(CellServers.hasRealm(B, slug)).isFalse();
        assertThat(CellServers.hasBucket(B, tenant.bucket)).isFalse();
    }

    @Test
    void aNewTenantWithoutACellGoesToTheLeastLoadedCell() {
        Map<String, Long> counts = registry.countByCell();
        long onCellA = counts.getOrDefault(a(), 0L);
        long onCellB = counts.getOrDefault(B, 0L);
        for (long i = onCellA; i <= onCellB; i++) {
            tenantOnly(a());
        }
        String slug = Tenants.uniqueSlug("unplaced");
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Tenant " + slug, "kind", "MALL", "firstAdmin", Tenants.firstAdmin(slug)))
                .post("/api/v1/platform/tenants")
                .then().statusCode(201).body("placement.cell", equalTo(B));
        assertThat(CellServers.hasRealm(B, slug)).isTrue();
        assertThat(CellServers.hasRealm(a(), slug)).isFalse();
    }

    @Test
    void anUnknownCellIsRefused() {
        String slug = Tenants.uniqueSlug("nocell");
        create(slug, "cell-z").then().statusCode(400).contentType("application/problem+json").body("code", equalTo("unknown_cell"));
        assertThat(registry.findBySlug(slug)).isEmpty();
        for (String cell : CellServers.names()) {
            assertThat(CellServers.hasRealm(cell, slug)).as("realm on " + cell).isFalse();
        }
    }

    @Test
    void aTenantOnACellThisApiIsNotConfiguredForGetsAProblemAndNothingChanges() throws Exception {
        String slug = tenantOnly(a());
        setCell(slug, "cell-gone");
        try {
            for (var call : List.<java.util.function.Supplier<io.restassured.response.Response>>of(
                    () -> given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/suspend"),
                    () -> given().auth().oauth2(operator).delete("/api/v1/platform/tenants/" + slug + "?confirm=" + slug))) {
                call.get().then().statusCode(503).contentType("application/problem+json")
                        .body("code", equalTo("cell_not_configured"))
                        .body("detail", containsString("cell-gone"));
            }
        } finally {
            setCell(slug, a());
        }
        // Nothing was changed by the refused calls: the tenant is active, with its realm and bucket, and is served.
        Tenant tenant = registry.findBySlug(slug).orElseThrow();
        assertThat(tenant.status).isEqualTo(io.consentry.tenants.registry.TenantStatus.ACTIVE);
        assertThat(CellServers.hasRealm(a(), tenant.realm)).isTrue();
        assertThat(CellServers.hasBucket(a(), tenant.bucket)).isTrue();
        given().auth().oauth2(operator).post("/api/v1/platform/tenants/" + slug + "/suspend").then().statusCode(200);
    }

    private static void setCell(String slug, String cell) throws java.sql.SQLException {
        try (var connection = CellServers.ownerConnection(a());
             var update = connection.prepareStatement("UPDATE platform.tenant SET cell = ? WHERE slug = ?")) {
            update.setString(1, cell);
            update.setString(2, slug);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void aDeviceOfTheBTenantGetsItsTokenFromKeycloakBAndIsServed() {
        String site = Devices.createSite(onB.admin(), onB.slug(), "North gate");
        Devices.Registered device = Devices.register(onB.admin(), onB.slug(), site, "Kiosk B");
        String token = Devices.token(onB.slug(), device);
        assertThat(issuer(token)).isEqualTo(stripSlash(CellServers.keycloakUrl(B)) + "/realms/" + onB.slug());
        // The device client exists on B's Keycloak only.
        assertThat(CellServers.keycloakAdmin(B).realm(onB.slug()).clients().findByClientId(device.clientId())).hasSize(1);

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("softwareVersion", "gate-fw 2.4.1", "health", "OK"))
                .post("/api/v1/device/heartbeat").then().statusCode(200).body("status", equalTo("ACTIVE"));

        // Revoking it removes the client from B's realm: no new tokens.
        given().auth().oauth2(onB.admin()).post("/api/v1/tenants/" + onB.slug() + "/devices/" + device.id() + "/revoke")
                .then().statusCode(200);
        assertThat(CellServers.keycloakAdmin(B).realm(onB.slug()).clients().findByClientId(device.clientId())).isEmpty();
    }

    @Test
    void adminsOfBothCellsAreServedAtOnceAndNeitherReachesTheOther() {
        assertThat(issuer(onB.admin())).startsWith(stripSlash(CellServers.keycloakUrl(B)) + "/realms/");
        assertThat(issuer(onA.admin())).startsWith(stripSlash(CellServers.keycloakUrl(a())) + "/realms/");

        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (Tenants.WithAdmin t : List.of(onA, onB)) {
                calls.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(t.admin())
                        .get("/api/v1/tenants/" + t.slug() + "/sites").then().extract().statusCode()));
            }
        }
        assertThat(calls.stream().map(CompletableFuture::join).toList()).containsOnly(200);

        given().auth().oauth2(onB.admin()).get("/api/v1/tenants/" + onA.slug() + "/sites")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("tenant_mismatch"));
        given().auth().oauth2(onA.admin()).get("/api/v1/tenants/" + onB.slug() + "/sites")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("tenant_mismatch"));
        given().auth().oauth2(onB.admin()).get("/api/v1/platform/tenants").then().statusCode(403);
    }

    @Test
    void staffOfTheBTenantAreInvitedAndDisabledOnKeycloakB() {
        String staff = "/api/v1/tenants/" + onB.slug() + "/staff";
        String guard = given().auth().oauth2(onB.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Wu Lei", "email", "gate-" + UUID.randomUUID().toString().substring(0, 6) + "@" + onB.slug() + ".example.test",
                        "role", "guard"))
                .post(staff).then().statusCode(201).extract().path("id");
        assertThat(CellServers.keycloakAdmin(B).realm(onB.slug()).users().get(guard).toRepresentation().isEnabled()).isTrue();
        given().auth().oauth2(onB.admin()).get(staff + "/" + guard).then().statusCode(200).body("role", equalTo("guard"));

        // A second admin signs in on B; disabling them ends their sessions there and the api refuses their token.
        String username = "second-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        Users.create(CellServers.keycloakAdmin(B), onB.slug(), username, password, "tenant-admin");
        String second = Users.signIn(onB.slug(), username, password);
        given().auth().oauth2(second).get("/api/v1/tenants/" + onB.slug() + "/sites").then().statusCode(200);
        String secondId = CellServers.keycloakAdmin(B).realm(onB.slug()).users().search(username, true).get(0).getId();
        given().auth().oauth2(onB.admin()).post(staff + "/" + secondId + "/disable").then().statusCode(200).body("status", equalTo("DISABLED"));
        assertThat(CellServers.keycloakAdmin(B).realm(onB.slug()).users().get(secondId).toRepresentation().isEnabled()).isFalse();
        assertThat(CellServers.keycloakAdmin(B).realm(onB.slug()).users().get(secondId).getUserSessions()).isEmpty();
        given().auth().oauth2(second).get("/api/v1/tenants/" + onB.slug() + "/sites").then().statusCode(401)
                .body("code", equalTo("account_disabled"));
    }

    @Test
    void aTokenOfCellBsKeycloakThatNoTenantIssuedIsRefused() {
        // The bootstrap admin's token: issued by B's master realm, which is neither the platform nor a tenant.
        String master = CellServers.keycloakAdmin(B).tokenManager().getAccessTokenString();
        assertThat(issuer(master)).isEqualTo(stripSlash(CellServers.keycloakUrl(B)) + "/realms/master");
        given().auth().oauth2(master).get("/api/v1/tenants/" + onB.slug() + "/sites").then().statusCode(401);
    }

    @Test
    void aTenantAdminOfCellBSignsInToTheConsoleThroughKeycloakB() throws Exception {
        String username = "console-" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        Keycloak keycloakB = CellServers.keycloakAdmin(B);
        Users.create(keycloakB, onB.slug(), username, password, "tenant-admin");
        var clients = keycloakB.realm(onB.slug()).clients();
        org.keycloak.representations.idm.ClientRepresentation console = clients.findByClientId("consentry-console").get(0);
        List<String> uris = new ArrayList<>(console.getRedirectUris());
        uris.add(api() + "/console/*"); // the test app listens on a random port
        console.setRedirectUris(uris);
        clients.get(console.getId()).update(console);

        ConsoleSignIn browser = new ConsoleSignIn();
        HttpResponse<String> toKeycloak = browser.start(api(), onB.slug());
        assertThat(toKeycloak.statusCode()).isEqualTo(303);
        assertThat(toKeycloak.headers().firstValue("Location").orElseThrow())
                .startsWith(stripSlash(CellServers.keycloakUrl(B)) + "/realms/" + onB.slug() + "/protocol/openid-connect/auth");
        URI callback = browser.loginAtKeycloak(toKeycloak, username, password);
        assertThat(browser.callback(callback).statusCode()).isEqualTo(303);
        String cookie = "consentry_console_" + onB.slug().replace('-', '_');
        String session = browser.cookie(cookie).orElseThrow();

        given().cookie(cookie, session).header(CONSOLE_MARKER, "1")
                .get("/console/" + onB.slug() + "/session").then().statusCode(200).body("username", equalTo(username));
        // The console session's token is B's, and serves B's routes.
        given().cookie(cookie, session).header(CONSOLE_MARKER, "1")
                .get("/api/v1/tenants/" + onB.slug() + "/sites").then().statusCode(200);
    }

    @Test
    void aRetainedObjectOfTheBTenantLandsInItsBucketOnB() throws Exception {
        String email = "subject-" + UUID.randomUUID().toString().substring(0, 8) + "@" + onB.slug() + ".example.test";
        String subject = given().auth().oauth2(onB.admin()).contentType(ContentType.JSON)
                .body(Map.of("externalRef", "ref-" + UUID.randomUUID(), "displayName", "Person B", "contact", email))
                .post("/api/v1/tenants/" + onB.slug() + "/subjects").then().statusCode(201).extract().path("id");
        String session = Portal.session(onB.admin(), onB.slug(), subject, email);
        String purposes = given().header("Authorization", "Portal " + session).get("/portal/" + onB.slug() + "/purposes")
                .then().statusCode(200).extract().asString();
        // Whichever purpose the portal offers (a mall's: identification among members).
        String purpose = io.restassured.path.json.JsonPath.from(purposes).getString("[0].code");
        String hash = io.restassured.path.json.JsonPath.from(purposes).getString("[0].notice.contentHash");
        assertThat(hash).as(purposes).isNotNull();
        given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", hash))
                .post("/portal/" + onB.slug() + "/decisions").then().statusCode(201);
        // The upload runs right after the decision commits; running the outbox again waits for nothing it holds.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        int pending;
        do {
            pending = given().auth().oauth2(onB.admin()).post("/api/v1/tenants/" + onB.slug() + "/storage-outbox/run")
                    .then().statusCode(200).extract().path("pending");
        } while (pending > 0 && System.nanoTime() < deadline);
        assertThat(pending).as("uploads still pending").isZero();

        Tenant tenant = registry.findBySlug(onB.slug()).orElseThrow();
        List<String> receipts = new ArrayList<>();
        for (Result<Item> item : CellServers.s3(B).listObjects(ListObjectsArgs.builder().bucket(tenant.bucket)
                .prefix("receipts/" + subject + "/").recursive(true).build())) {
            receipts.add(item.get().objectName());
        }
        assertThat(receipts).as("the consent receipt, in the tenant's bucket on B").hasSize(1);
        // And the subject reads it back through the api (from B's S3).
        String receiptId = receipts.get(0).substring(receipts.get(0).lastIndexOf('/') + 1).replace(".json.enc", "");
        given().header("Authorization", "Portal " + session).get("/portal/" + onB.slug() + "/receipts/" + receiptId)
                .then().statusCode(200);
        assertThat(CellServers.hasBucket(a(), tenant.bucket)).as("no bucket of that name on A").isFalse();
    }

    @Test
    void readinessCoversBothCells() {
        io.consentry.testing.Management.awaitReady();
        io.consentry.testing.Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'keycloak' }.data.'" + B + "'", equalTo("200"))
                .body("checks.find { it.name == 'keycloak' }.data.'" + a() + "'", equalTo("200"))
                .body("checks.find { it.name == 's3' }.data.'" + B + "'", equalTo("up"))
                .body("checks.find { it.name == 's3' }.data.'" + a() + "'", equalTo("up"));
    }

    /**
     * Needs the tenant persistence routed per cell (the lead's part): the B tenant's schema lives in B's PostgreSQL,
     * and A's has none of that name.
     */
    @Test
    void theBTenantsSchemaIsOnBsPostgresqlAndNotOnAs() {
        Tenant tenant = registry.findBySlug(onB.slug()).orElseThrow();
        assertThat(CellServers.hasSchema(B, tenant.dbSchema)).as("schema on B").isTrue();
        assertThat(CellServers.hasSchema(a(), tenant.dbSchema)).as("schema on A").isFalse();
        CellSettings b = cells.named(B).orElseThrow();
        assertThat(tenant.databaseUrl).isEqualTo(b.cell().databaseUrl());
    }

    private Tenants.WithAdmin tenantOn(String cell) {
        String slug = tenantOnly(cell);
        return new Tenants.WithAdmin(slug, Users.tokenFor(CellServers.realmAdmin(slug), slug, "tenant-admin"));
    }

    /** A tenant placed on that cell, with the default purposes assessed as every test tenant. */
    private String tenantOnly(String cell) {
        String slug = Tenants.uniqueSlug(cell.equals(B) ? "onb" : "ona");
        create(slug, cell).then().statusCode(201).body("placement.cell", equalTo(cell));
        io.consentry.testing.Assessments.approveDefaults(slug);
        return slug;
    }

    private static io.restassured.response.Response create(String slug, String cell) {
        Map<String, Object> body = new HashMap<>(Map.of("slug", slug, "displayName", "Tenant " + slug, "kind", "MALL",
                "controller", Tenants.controller(slug), "firstAdmin", Tenants.firstAdmin(slug)));
        body.put("cell", cell);
        return given().auth().oauth2(operator).contentType(ContentType.JSON).body(body).post("/api/v1/platform/tenants");
    }

    private static String issuer(String jwt) {
        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(claims).getString("iss");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String api() {
        return "http://127.0.0.1:" + RestAssured.port;
    }
}
