package io.consentry.cellmove;

import io.consentry.testing.Assessments;
import io.consentry.testing.CellServers;
import io.consentry.testing.Devices;
import io.consentry.testing.FaceSite;
import io.consentry.testing.Portal;
import io.consentry.testing.Purposes;
import io.consentry.testing.Tenants;
import io.consentry.testing.TestPhotos;
import io.consentry.testing.Users;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.restassured.http.ContentType;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;

/**
 * A tenant on a given cell with what a move must carry: subjects who consented, an enrolled face, a retained enrolment
 * photo in its bucket, a site with a device, and staff (its first admin and a tenant admin).
 */
final class MovedTenant {

    static final String RETENTION = "photo-retention";

    final String slug;
    final String admin;
    final FaceSite site;
    final String member;

    MovedTenant(String slug) {
        this(slug, null, null, null);
    }

    private MovedTenant(String slug, String admin, FaceSite site, String member) {
        this.slug = slug;
        this.admin = admin;
        this.site = site;
        this.member = member;
    }

    /** A full tenant on {@code cell}: enrolled member with retention, a device, staff. */
    static MovedTenant on(Keycloak keycloak, String cell, String prefix) {
        String slug = create(keycloak, cell, prefix);
        String admin = Users.tokenFor(keycloak, slug, "tenant-admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Purposes.body(RETENTION, "Keep my enrolment photo", "IMAGE_RETENTION", 30, "We keep your enrolment photo, encrypted, for 30 days."))
                .post("/api/v1/tenants/" + slug + "/purposes").then().statusCode(201);
        FaceSite site = FaceSite.in(slug, admin);
        String ref = "member-" + UUID.randomUUID().toString().substring(0, 6);
        String member = Portal.subject(admin, slug, ref);
        String session = Portal.session(admin, slug, member, Portal.contact(slug, ref));
        for (String purpose : List.of("gate-verification", "member-identification", RETENTION)) {
            String hash = given().header("Authorization", "Portal " + session).get("/portal/" + slug + "/purposes")
                    .then().statusCode(200).extract().path("find { it.code == '" + purpose + "' }.notice.contentHash");
            given().header("Authorization", "Portal " + session).contentType(ContentType.JSON)
                    .body(Map.of("purpose", purpose, "decision", "GRANT", "noticeHash", hash))
                    .post("/portal/" + slug + "/decisions").then().statusCode(201);
        }
        given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(TestPhotos.photo("obama_1.jpg"))
                .post("/portal/" + slug + "/enrolment").then().statusCode(201);
        Portal.subject(admin, slug, "refuser-" + UUID.randomUUID().toString().substring(0, 6));
        MovedTenant tenant = new MovedTenant(slug, admin, site, member);
        // The retained photo reaches the bucket through the outbox, after the answer: wait for it, not for a time.
        await(() -> !tenant.objects(cell).isEmpty(), "the retained photo in the bucket on " + cell);
        return tenant;
    }

    /** A tenant with nothing but its provisioning, on {@code cell}. */
    static String create(Keycloak keycloak, String cell, String prefix) {
        String slug = Tenants.uniqueSlug(prefix);
        given().auth().oauth2(operator(keycloak)).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "displayName", "Tenant " + slug, "kind", "COMPOUND", "controller", Tenants.controller(slug),
                        "firstAdmin", Tenants.firstAdmin(slug), "cell", cell))
                .post("/api/v1/platform/tenants").then().statusCode(201);
        Assessments.approveDefaults(slug);
        return slug;
    }

    static String operator(Keycloak keycloak) {
        return Users.tokenFor(keycloak, "platform", "platform-operator");
    }

    String schema() {
        return "t_" + slug.replace('-', '_');
    }

    String bucket() {
        return "consentry-t-" + slug;
    }

    /** Each table's row count in the tenant's schema on {@code cell}. */
    Map<String, Long> rowCounts(String cell) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection owner = CellServers.ownerConnection(cell); Statement statement = owner.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema() + "' AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM \"" + schema() + "\".\"" + table + "\"")) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        }
        return counts;
    }

    /** A digest of the audit chain exactly as stored, up to an entry: equal digests, equal chain. */
    String auditDigest(String cell, long upToSeq) throws Exception {
        try (Connection owner = CellServers.ownerConnection(cell); Statement statement = owner.createStatement();
             ResultSet rows = statement.executeQuery("SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY seq), '')) FROM \""
                     + schema() + "\".audit_entry a WHERE seq <= " + upToSeq)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Object names and sizes in the tenant's bucket on {@code cell}. */
    Map<String, Long> objects(String cell) {
        Map<String, Long> objects = new TreeMap<>();
        if (!CellServers.hasBucket(cell, bucket())) {
            return objects;
        }
        try {
            for (Result<Item> item : CellServers.s3(cell).listObjects(ListObjectsArgs.builder().bucket(bucket()).recursive(true).build())) {
                objects.put(item.get().objectName(), item.get().size());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return objects;
    }

    Devices.Registered device() {
        return site.device;
    }

    /** Waits for a condition the system reaches by itself (an outbox delivery, a background move), up to three minutes. */
    static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
