package io.consentry.staff;

import io.agroal.api.AgroalDataSource;
import io.consentry.core.security.RevokedAccounts;
import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which staff tokens the api refuses: every token of a disabled account; after it is re-enabled, the tokens of the
 * Keycloak sessions it had when it was disabled (their {@code sid}; a token without one: issued before the disable),
 * so a re-enabled person signs in again rather than reusing a token from before. Kept in the platform schema so that the
 * check needs no tenant schema; read per tenant into a cache that lives {@code consentry.staff.revocation-cache}
 * (default 5 s), so a request costs a map look-up and another replica learns of a change within that time. This
 * replica forgets its cached copy at once when it records a change.
 */
@ApplicationScoped
public class StaffRevocations implements RevokedAccounts {

    private record Entry(boolean disabled, Instant notBefore, java.util.Set<String> sessions) {
    }

    private record Loaded(Map<String, Entry> entries, Instant at) {
    }

    private final AgroalDataSource dataSource;
    private final Duration ttl;
    private final Map<UUID, Loaded> cache = new ConcurrentHashMap<>();

    StaffRevocations(AgroalDataSource dataSource,
                     @ConfigProperty(name = "consentry.staff.revocation-cache", defaultValue = "5s") Duration ttl) {
        this.dataSource = dataSource;
        this.ttl = ttl;
    }

    @Override
    public boolean refuses(Tenant tenant, String subject, Instant issuedAt, String sessionId) {
        Entry entry = entries(tenant.id).get(subject);
        if (entry == null) {
            return false;
        }
        return entry.disabled() || (sessionId != null ? entry.sessions().contains(sessionId) : issuedAt.isBefore(entry.notBefore()));
    }

    /**
     * The account is disabled from now on; the tokens of {@code sessions} (the Keycloak sessions it had, now ended), and
     * tokens without a session issued up to now, stay refused after a re-enable.
     */
    void disable(UUID tenantId, String userId, java.util.List<String> sessions) {
        write(tenantId, userId, true, String.join(",", sessions));
    }

    void enable(UUID tenantId, String userId) {
        write(tenantId, userId, false, "");
    }

    private void write(UUID tenantId, String userId, boolean disabled, String sessions) {
        String sql = disabled
                ? "INSERT INTO platform.staff_revocation (tenant_id, user_id, disabled, not_before, sessions) VALUES (?, ?, true, ?, ?) "
                + "ON CONFLICT (tenant_id, user_id) DO UPDATE SET disabled = true, not_before = excluded.not_before, "
                + "sessions = CASE WHEN staff_revocation.sessions = '' THEN excluded.sessions "
                + "WHEN excluded.sessions = '' THEN staff_revocation.sessions "
                + "ELSE staff_revocation.sessions || ',' || excluded.sessions END"
                : "UPDATE platform.staff_revocation SET disabled = false WHERE tenant_id = ? AND user_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setObject(1, tenantId);
            statement.setString(2, userId);
            if (disabled) {
                statement.setTimestamp(3, Timestamp.from(Instant.now()));
                statement.setString(4, sessions);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the account's revocation", e);
        } finally {
            cache.remove(tenantId);
        }
    }

    private Map<String, Entry> entries(UUID tenantId) {
        Loaded loaded = cache.get(tenantId);
        if (loaded == null || loaded.at().plus(ttl).isBefore(Instant.now())) {
            loaded = new Loaded(load(tenantId), Instant.now());
            cache.put(tenantId, loaded);
        }
        return loaded.entries();
    }

    private Map<String, Entry> load(UUID tenantId) {
        Map<String, Entry> entries = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(
                "SELECT user_id, disabled, not_before, sessions FROM platform.staff_revocation WHERE tenant_id = ?")) {
            query.setObject(1, tenantId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    java.util.Set<String> sessions = java.util.Arrays.stream(rows.getString(4).split(","))
                            .filter(s -> !s.isBlank()).collect(java.util.stream.Collectors.toUnmodifiableSet());
                    entries.put(rows.getString(1), new Entry(rows.getBoolean(2), rows.getTimestamp(3).toInstant(), sessions));
                }
            }
        } catch (SQLException e) {
            // Fail closed would lock every tenant user out when the database blips; the request's own database work
            // fails then anyway. Keep the last known list if there is one.
            Loaded previous = cache.get(tenantId);
            if (previous != null) {
                return previous.entries();
            }
            throw new IllegalStateException("Could not read the tenant's revoked accounts", e);
        }
        return entries;
    }
}
