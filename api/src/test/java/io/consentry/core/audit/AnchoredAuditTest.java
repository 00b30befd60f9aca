package io.consentry.core.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;
import io.agroal.api.AgroalDataSource;
import io.consentry.tenants.schema.TenantSchemas;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * The audit chain anchored by signed checkpoints, attacked by someone holding the database owner's rights (more than
 * the api has: it may disable triggers and rewrite rows): a truncated tail, a chain rewritten consistently, entries
 * reordered, a forged checkpoint and checkpoints removed from the database are each detected by verify.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class AnchoredAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Inject
    Keycloak keycloak;
    @Inject
    @DataSource(TenantSchemas.OWNER_DATASOURCE)
    AgroalDataSource owner;
    @Inject
    CheckpointSchedule schedule;

    @Test
    void aCheckpointIsSignedWithThePlatformKeyAndKeptInTheDatabaseAndTheObjectStore() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(3);
        Response made = given().auth().oauth2(t.admin()).post(api(t, "/audit/checkpoints"));
        made.then().statusCode(201).body("inObjectStore", equalTo(true));
        long head = headSeq(t);
        assertThat(((Number) made.path("seq")).longValue()).isEqualTo(head);

        String keyset = given().auth().oauth2(t.admin()).get(api(t, "/audit/checkpoint-key")).then().statusCode(200)
                .extract().path("tinkPublicKeyset");
        SignatureConfig.register();
        PublicKeyVerify verifier = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(keyset)
                .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
        byte[] payload = Base64.getUrlDecoder().decode((String) made.path("payload"));
        verifier.verify(Base64.getUrlDecoder().decode((String) made.path("signature")), payload);
        Map<String, Object> signed = JSON.readValue(payload, new TypeReference<>() { });
        assertThat(signed).containsEntry("tenant", t.slug()).containsEntry("seq", (int) head);

        given().auth().oauth2(t.admin()).get(api(t, "/audit/checkpoints/latest")).then().statusCode(200)
                .body("seq", equalTo((int) head));
        verify(t).then().statusCode(200).body("valid", equalTo(true)).body("checkpointSeq", equalTo((int) head))
                .body("checkpointInObjectStore", equalTo(true));
    }

    @Test
    void everyTenantsHeadIsCheckpointedByTheSchedule() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(2);
        given().auth().oauth2(t.admin()).get(api(t, "/audit/checkpoints/latest")).then().statusCode(404);
        schedule.checkpointAll();
        given().auth().oauth2(t.admin()).get(api(t, "/audit/checkpoints/latest")).then().statusCode(200)
                .body("seq", equalTo((int) headSeq(t))).body("inObjectStore", equalTo(true));
    }

    @Test
    void aTruncatedTailIsDetected() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(4);
        given().auth().oauth2(t.admin()).post(api(t, "/audit/checkpoints")).then().statusCode(201);
        long head = headSeq(t);
        asOwner(t, s -> {
            s.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
            s.execute("DELETE FROM audit_entry WHERE seq > " + (head - 2));
            s.execute("ALTER TABLE audit_entry ENABLE TRIGGER USER");
        });
        verify(t).then().statusCode(200).body("valid", equalTo(false))
                .body("reason", org.hamcrest.Matchers.containsString("were removed"))
                .body("checkpointSeq", equalTo((int) head));
    }

    @Test
    void aConsistentlyRewrittenChainIsDetected() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(4);
        given().auth().oauth2(t.admin()).post(api(t, "/audit/checkpoints")).then().statusCode(201);
        List<AuditEntry> entries = entries(t);
        entries.get(1).outcome = "rewritten";
        rewrite(t, entries);
        verify(t).then().statusCode(200).body("valid", equalTo(false))
                .body("reason", org.hamcrest.Matchers.containsString("rewritten"));
    }

    @Test
    void reorderedEntriesAreDetected() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(4);
        given().auth().oauth2(t.admin()).post(api(t, "/audit/checkpoints")).then().statusCode(201);
        List<AuditEntry> entries = entries(t);
        // swap the contents of the second and third entry, keeping their places, and make the chain link again
        AuditEntry second = entries.get(1);
        AuditEntry third = entries.get(2);
        String action = second.action;
        second.action = third.action;
        third.action = action;
        var at = second.occurredAt;
        second.occurredAt = third.occurredAt;
        third.occurredAt = at;
        rewrite(t, entries);
        verify(t).then().statusCode(200).body("valid", equalTo(false))
                .body("reason", org.hamcrest.Matchers.containsString("rewritten"));
    }

    @Test
    void aForgedCheckpointIsDetected() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(2);
        UUID tenantId = tenantId(t);
        try (Connection c = owner.getConnection(); var insert = c.prepareStatement("INSERT INTO platform.audit_checkpoint "
                + "(id, tenant_id, seq, entry_hash, payload, signature, key_id, object_key, created_at) VALUES (?, ?, 1, ?, ?, ?, 1, 'forged', now())")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, tenantId);
            insert.setBytes(3, new byte[32]);
            insert.setString(4, "{\"version\":1,\"tenantId\":\"" + tenantId + "\",\"tenant\":\"" + t.slug()
                    + "\",\"seq\":1,\"entryHash\":\"00\",\"entryAt\":\"2020-01-01T00:00:00Z\",\"checkpointedAt\":\"2020-01-01T00:00:00Z\"}");
            insert.setBytes(5, new byte[64]);
            insert.executeUpdate();
        }
        verify(t).then().statusCode(200).body("valid", equalTo(false))
                .body("reason", org.hamcrest.Matchers.containsString("valid platform signature"));
    }

    @Test
    void checkpointsRemovedFromTheDatabaseAreStillInTheObjectStore() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(3);
        given().auth().oauth2(t.admin()).post(api(t, "/audit/checkpoints")).then().statusCode(201);
        long head = headSeq(t);
        UUID tenantId = tenantId(t);
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE platform.audit_checkpoint DISABLE TRIGGER USER");
            s.execute("DELETE FROM platform.audit_checkpoint WHERE tenant_id = '" + tenantId + "'");
            s.execute("ALTER TABLE platform.audit_checkpoint ENABLE TRIGGER USER");
        }
        asOwner(t, s -> {
            s.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
            s.execute("DELETE FROM audit_entry WHERE seq = " + head);
            s.execute("ALTER TABLE audit_entry ENABLE TRIGGER USER");
        });
        verify(t).then().statusCode(200).body("valid", equalTo(false))
                .body("reason", org.hamcrest.Matchers.containsString("removed from the database"))
                .body("checkpointSeq", equalTo((int) head));
    }

    @Test
    void aCheckpointNeverVouchesForABrokenChain() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(2);
        given().auth().oauth2(t.admin()).post(api(t, "/audit/checkpoints")).then().statusCode(201);
        verify(t).then().statusCode(200);
        asOwner(t, s -> {
            s.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
            s.execute("UPDATE audit_entry SET outcome = 'tampered' WHERE seq = (SELECT max(seq) FROM audit_entry)");
            s.execute("ALTER TABLE audit_entry ENABLE TRIGGER USER");
        });
        given().auth().oauth2(t.admin()).post(api(t, "/audit/checkpoints")).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("audit_chain_broken"));
    }

    @Test
    void historyRefusesTruncateEvenForTheOwner() throws Exception {
        Tenants.WithAdmin t = tenantWithEntries(1);
        for (String table : List.of("audit_entry", "consent_event", "notice_version")) {
            assertThatThrownBy(() -> asOwner(t, s -> s.execute("TRUNCATE " + table + " CASCADE"))).as(table)
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThatThrownBy(() -> {
            try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
                s.execute("TRUNCATE platform.audit_checkpoint");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }

    // ---------------------------------------------------------------- helpers

    private Tenants.WithAdmin tenantWithEntries(int verifies) {
        Tenants.WithAdmin t = Tenants.createWithAdmin(keycloak, "anchor", "COMPOUND");
        for (int i = 0; i < verifies; i++) {
            verify(t).then().statusCode(200); // each verify appends an entry
        }
        return t;
    }

    private static Response verify(Tenants.WithAdmin t) {
        return given().auth().oauth2(t.admin()).post(api(t, "/audit/verify"));
    }

    private long headSeq(Tenants.WithAdmin t) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT max(seq) FROM " + schema(t) + ".audit_entry")) {
            r.next();
            return r.getLong(1);
        }
    }

    private UUID tenantId(Tenants.WithAdmin t) throws SQLException {
        try (Connection c = owner.getConnection(); var q = c.prepareStatement("SELECT id FROM platform.tenant WHERE slug = ?")) {
            q.setString(1, t.slug());
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return (UUID) r.getObject(1);
            }
        }
    }

    private List<AuditEntry> entries(Tenants.WithAdmin t) throws Exception {
        List<AuditEntry> entries = new ArrayList<>();
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT seq, id, occurred_at, actor_type, actor_id, action, subject_ref, purpose, outcome, "
                     + "details::text FROM " + schema(t) + ".audit_entry ORDER BY seq")) {
            while (r.next()) {
                AuditEntry e = new AuditEntry();
                e.seq = r.getLong(1);
                e.id = (UUID) r.getObject(2);
                e.occurredAt = r.getTimestamp(3).toInstant();
                e.actorType = ActorType.valueOf(r.getString(4));
                e.actorId = r.getString(5);
                e.action = r.getString(6);
                e.subjectRef = r.getString(7);
                e.purpose = r.getString(8);
                e.outcome = r.getString(9);
                e.details = JSON.readValue(r.getString(10), new TypeReference<Map<String, String>>() { });
                entries.add(e);
            }
        }
        return entries;
    }

    /** Writes the entries back with a chain that links again: what a careful attacker with the owner's rights does. */
    private void rewrite(Tenants.WithAdmin t, List<AuditEntry> entries) throws Exception {
        byte[] previous = AuditHashes.GENESIS;
        try (Connection c = owner.getConnection()) {
            c.createStatement().execute("ALTER TABLE " + schema(t) + ".audit_entry DISABLE TRIGGER USER");
            for (AuditEntry e : entries) {
                e.prevHash = previous;
                e.entryHash = AuditHashes.hash(previous, e);
                try (var update = c.prepareStatement("UPDATE " + schema(t) + ".audit_entry SET action = ?, occurred_at = ?, outcome = ?, "
                        + "prev_hash = ?, entry_hash = ? WHERE seq = ?")) {
                    update.setString(1, e.action);
                    update.setTimestamp(2, java.sql.Timestamp.from(e.occurredAt));
                    update.setString(3, e.outcome);
                    update.setBytes(4, e.prevHash);
                    update.setBytes(5, e.entryHash);
                    update.setLong(6, e.seq);
                    update.executeUpdate();
                }
                previous = e.entryHash;
            }
            c.createStatement().execute("ALTER TABLE " + schema(t) + ".audit_entry ENABLE TRIGGER USER");
        }
    }

    private void asOwner(Tenants.WithAdmin t, SqlWork work) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema(t));
            work.run(s);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Statement statement) throws SQLException;
    }

    private static String schema(Tenants.WithAdmin t) {
        return "t_" + t.slug().replace('-', '_');
    }

    private static String api(Tenants.WithAdmin t, String rest) {
        return "/api/v1/tenants/" + t.slug() + rest;
    }
}
