package io.consentry.usage;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The platform table {@code usage_day}: one row per tenant and day, written as the runtime role. Recording a day again
 * replaces its counts (they are recomputed from the audit log, so the last recording is the most complete); the
 * snapshots (templates, bytes) are replaced only while the day is today or yesterday (UTC): a later recording of an
 * older day would otherwise write today's snapshot onto it.
 */
@ApplicationScoped
class UsageLedger {

    private final AgroalDataSource dataSource;

    UsageLedger(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void record(UUID tenantId, TenantUsage usage, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement upsert = c.prepareStatement("INSERT INTO platform.usage_day (tenant_id, tenant_slug, day, "
                     + "verifications, identifications, alternative_decisions, enrolments, stored_templates, object_store_bytes, "
                     + "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, day) DO UPDATE SET "
                     + "tenant_slug = EXCLUDED.tenant_slug, verifications = EXCLUDED.verifications, "
                     + "identifications = EXCLUDED.identifications, alternative_decisions = EXCLUDED.alternative_decisions, "
                     + "enrolments = EXCLUDED.enrolments, recorded_at = EXCLUDED.recorded_at, "
                     + "stored_templates = CASE WHEN EXCLUDED.day >= ?::date - 1 THEN EXCLUDED.stored_templates ELSE usage_day.stored_templates END, "
                     + "object_store_bytes = CASE WHEN EXCLUDED.day >= ?::date - 1 THEN EXCLUDED.object_store_bytes ELSE usage_day.object_store_bytes END")) {
            upsert.setObject(1, tenantId);
            upsert.setString(2, usage.tenant());
            upsert.setDate(3, Date.valueOf(usage.day()));
            upsert.setLong(4, usage.verifications());
            upsert.setLong(5, usage.identifications());
            upsert.setLong(6, usage.alternativeDecisions());
            upsert.setLong(7, usage.enrolments());
            upsert.setLong(8, usage.storedTemplates());
            upsert.setLong(9, usage.objectStoreBytes());
            upsert.setTimestamp(10, Timestamp.from(at));
            LocalDate today = at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
            upsert.setDate(11, Date.valueOf(today));
            upsert.setDate(12, Date.valueOf(today));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record usage of " + usage.tenant() + " on " + usage.day() + ": " + e.getMessage(), e);
        }
    }

    /** Rows of the days from {@code from} to {@code to} (both included), of one tenant or all; by day, then tenant. */
    List<TenantUsage> between(LocalDate from, LocalDate to, String tenantSlug) {
        String sql = "SELECT tenant_slug, day, verifications, identifications, alternative_decisions, enrolments, stored_templates, "
                + "object_store_bytes FROM platform.usage_day WHERE day >= ? AND day <= ?"
                + (tenantSlug == null ? "" : " AND tenant_slug = ?") + " ORDER BY day, tenant_slug";
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            query.setDate(1, Date.valueOf(from));
            query.setDate(2, Date.valueOf(to));
            if (tenantSlug != null) {
                query.setString(3, tenantSlug);
            }
            List<TenantUsage> out = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    out.add(new TenantUsage(rows.getString(1), rows.getDate(2).toLocalDate(), rows.getLong(3), rows.getLong(4),
                            rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read usage: " + e.getMessage(), e);
        }
    }
}
