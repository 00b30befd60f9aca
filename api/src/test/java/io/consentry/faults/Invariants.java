package io.consentry.faults;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What must hold in a tenant after a fault, read from PostgreSQL and the bucket directly rather than through the api
 * under test: no consent event lost, no biometric data without its consent or of an erased subject, no template lost
 * while its consent stands, and the bucket's photos exactly those the database knows.
 */
final class Invariants {

    /** The current state of each (subject, purpose): its latest event. */
    private static final String ACTIVE = """
            WITH latest AS (
                SELECT DISTINCT ON (e.subject_id, e.purpose_id) e.subject_id, e.event, e.expires_at, p.kind
                FROM %1$s.consent_event e JOIN %1$s.purpose p ON p.id = e.purpose_id
                ORDER BY e.subject_id, e.purpose_id, e.seq DESC)
            SELECT subject_id, kind FROM latest WHERE event = 'GRANTED' AND (expires_at IS NULL OR expires_at > now())
            """;

    private final DataSource database;
    private final MinioClient s3;
    private final FaultTenant tenant;
    private final List<String> defects = new ArrayList<>();

    Invariants(DataSource database, MinioClient s3, FaultTenant tenant) {
        this.database = database;
        this.s3 = s3;
        this.tenant = tenant;
    }

    List<String> defects() {
        return defects;
    }

    /** Subjects whose verification consent stands now. */
    Set<String> verifying() throws SQLException {
        return new HashSet<>(strings("WITH active AS (" + ACTIVE.formatted(tenant.schema()) + ") SELECT subject_id::text FROM active"
                + " WHERE kind = 'FACE_VERIFICATION'"));
    }

    /** Every event id a 2xx answer reported exists in the history. */
    long lostEvents(Collection<String> reportedEventIds) throws SQLException {
        Set<String> stored = new HashSet<>(strings("SELECT id::text FROM %s.consent_event"));
        List<String> lost = reportedEventIds.stream().filter(id -> !stored.contains(id)).toList();
        if (!lost.isEmpty()) {
            defects.add("consent events answered 2xx but not stored: " + lost);
        }
        return lost.size();
    }

    /** Templates, kept photos, live credentials or receipt documents that no consent (or an erasure) allows any more. */
    long orphans() throws SQLException {
        String active = ACTIVE.formatted(tenant.schema());
        long templates = orphanCount("templates without an active verification or identification consent", """
                WITH active AS (%s)
                SELECT t.subject_id::text FROM %s.biometric_template t
                WHERE NOT EXISTS (SELECT 1 FROM active a WHERE a.subject_id = t.subject_id
                                  AND a.kind IN ('FACE_VERIFICATION', 'FACE_IDENTIFICATION'))""".formatted(active, tenant.schema()));
        long photos = orphanCount("kept photos without an active retention consent or without their template", """
                WITH active AS (%s)
                SELECT r.subject_id::text FROM %s.retained_image r
                WHERE NOT EXISTS (SELECT 1 FROM active a WHERE a.subject_id = r.subject_id AND a.kind = 'IMAGE_RETENTION')
                   OR NOT EXISTS (SELECT 1 FROM %s.biometric_template t WHERE t.id = r.template_id)"""
                .formatted(active, tenant.schema(), tenant.schema()));
        long erased = orphanCount("data of erased subjects", """
                SELECT s.id::text FROM %1$s.subject s WHERE s.erased_at IS NOT NULL AND (
                    EXISTS (SELECT 1 FROM %1$s.biometric_template t WHERE t.subject_id = s.id)
                 OR EXISTS (SELECT 1 FROM %1$s.retained_image r WHERE r.subject_id = s.id)
                 OR EXISTS (SELECT 1 FROM %1$s.alt_credential c WHERE c.subject_id = s.id AND c.status = 'ACTIVE')
                 OR EXISTS (SELECT 1 FROM %1$s.receipt r WHERE r.subject_id = s.id AND r.erased_at IS NULL)
                 OR s.display_name IS NOT NULL OR s.contact IS NOT NULL)""".formatted(tenant.schema()));
        return templates + photos + erased;
    }

    /**
     * Subjects of the withdrawal and erasure pools whose verification consent still stands must still have their
     * template, and subjects of the erasure pool are either erased or untouched — never half-erased.
     */
    long lostOrPartial() throws SQLException {
        Set<String> enrolled = new HashSet<>(strings("SELECT DISTINCT subject_id::text FROM %s.biometric_template"));
        Set<String> verifying = verifying();
        Set<String> erased = new HashSet<>(strings("SELECT id::text FROM %s.subject WHERE erased_at IS NOT NULL"));
        long bad = 0;
        for (String subject : concat(tenant.toWithdraw, tenant.toErase)) {
            if (verifying.contains(subject) && !enrolled.contains(subject)) {
                defects.add("template lost while its consent stands: subject " + subject);
                bad++;
            }
        }
        for (String subject : tenant.toErase) {
            if (!erased.contains(subject) && !verifying.contains(subject)) {
                defects.add("erasure half done (consent ended, subject not erased): subject " + subject);
                bad++;
            }
        }
        return bad;
    }

    /** After the outbox drained: the bucket holds a photo exactly for each kept-photo row, and nothing of erased subjects. */
    long storageMismatches() throws Exception {
        long pending = strings("SELECT seq::text FROM %s.storage_outbox").size();
        if (pending > 0) {
            defects.add(pending + " storage outbox entries still pending");
        }
        Set<String> rows = new HashSet<>(strings("SELECT object_key FROM %s.retained_image"));
        Set<String> objects = new HashSet<>();
        List<String> all = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(tenant.bucket()).recursive(true).build())) {
            String key = item.get().objectName();
            all.add(key);
            if (key.startsWith("images/")) {
                objects.add(key);
            }
        }
        long mismatches = 0;
        for (String key : rows) {
            if (!objects.contains(key)) {
                defects.add("kept photo row without its object: " + key);
                mismatches++;
            }
        }
        for (String key : objects) {
            if (!rows.contains(key)) {
                defects.add("photo object without its row (orphaned biometric data): " + key);
                mismatches++;
            }
        }
        for (String subject : strings("SELECT id::text FROM %s.subject WHERE erased_at IS NOT NULL")) {
            for (String key : all) {
                if (key.contains(subject)) {
                    defects.add("object of an erased subject: " + key);
                    mismatches++;
                }
            }
        }
        return mismatches;
    }

    /**
     * Every device row has its Keycloak client and every device client its row: a client left behind by a registration
     * that failed half-way would be a credential that no device list shows and nobody revokes.
     */
    long deviceMismatches(org.keycloak.admin.client.Keycloak keycloak) throws SQLException {
        Set<String> rows = new HashSet<>(strings("SELECT client_id FROM %s.device"));
        Set<String> clients = new HashSet<>();
        for (var client : keycloak.realm(tenant.slug).clients().findAll()) {
            if (client.getClientId().startsWith("device-")) {
                clients.add(client.getClientId());
            }
        }
        long mismatches = 0;
        for (String client : clients) {
            if (!rows.contains(client)) {
                defects.add("Keycloak device client without its device: " + client);
                mismatches++;
            }
        }
        for (String row : rows) {
            if (!clients.contains(row)) {
                defects.add("device without its Keycloak client: " + row);
                mismatches++;
            }
        }
        return mismatches;
    }

    /** Each expected value (an id from a 2xx answer) is among those the query finds: what was answered as done is done. */
    long missing(String what, String sqlWithSchema, Collection<String> expected) throws SQLException {
        Set<String> found = new HashSet<>(strings(sqlWithSchema));
        List<String> missing = expected.stream().filter(id -> !found.contains(id)).toList();
        if (!missing.isEmpty()) {
            defects.add(what + ": " + missing);
        }
        return missing.size();
    }

    long count(String sqlWithSchema) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(sqlWithSchema.replace("%s", tenant.schema()));
             ResultSet rows = q.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long orphanCount(String what, String sql) throws SQLException {
        List<String> subjects = strings(sql.replace("%s", tenant.schema()));
        if (!subjects.isEmpty()) {
            defects.add(subjects.size() + " " + what + ": subjects " + new HashSet<>(subjects));
        }
        return subjects.size();
    }

    private List<String> strings(String sqlWithSchema) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement q = c.prepareStatement(sqlWithSchema.replace("%s", tenant.schema()));
             ResultSet rows = q.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
