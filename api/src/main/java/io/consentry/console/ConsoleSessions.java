package io.consentry.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.consentry.core.crypto.Sha256;
import io.consentry.tenants.keyring.PlatformKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Server-side console sessions (backend-for-frontend): the browser holds only a random session id in an HttpOnly
 * cookie; the realm tokens stay on the server. Kept in PostgreSQL so that every replica serves every session (no
 * sticky sessions) and a sign-out ends it everywhere at once. The row is found by the SHA-256 of the id (a database
 * dump gives no usable cookie) and the tokens are encrypted with the platform's console key, bound to that row.
 * Bounded: a session ends at the latest {@code consentry.console.session-max-age} after sign-in, and ended ones are
 * purged; nothing is stored before a sign-in succeeded (see {@link ConsoleLoginState}).
 */
@ApplicationScoped
public class ConsoleSessions {

    private static final Logger LOG = Logger.getLogger(ConsoleSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in console user: the realm's tokens and when they expire. */
    static final class Session {
        final String tenant;
        volatile String accessToken;
        volatile String refreshToken;
        volatile String idToken;
        volatile Instant accessExpiresAt;
        volatile Instant refreshExpiresAt;

        Session(String tenant) {
            this.tenant = tenant;
        }
    }

    private record Tokens(String access, String refresh, String id) {
    }

    private final AgroalDataSource dataSource;
    private final PlatformKeys keys;
    private final ObjectMapper json;
    private final Duration maxAge;

    ConsoleSessions(AgroalDataSource dataSource, PlatformKeys keys, ObjectMapper json,
                    @ConfigProperty(name = "consentry.console.session-max-age", defaultValue = "PT12H") Duration maxAge) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.json = json;
        this.maxAge = maxAge;
    }

    static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stores a new session; returns the id for the cookie. */
    String create(Session session) {
        String id = randomId();
        byte[] hash = Sha256.of(id);
        Instant now = Instant.now();
        sql(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO platform.console_session (id_hash, tenant_slug, tokens, "
                    + "access_expires_at, refresh_expires_at, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setBytes(1, hash);
                insert.setString(2, session.tenant);
                insert.setBytes(3, seal(hash, session));
                insert.setTimestamp(4, Timestamp.from(session.accessExpiresAt));
                insert.setTimestamp(5, session.refreshExpiresAt == null ? null : Timestamp.from(session.refreshExpiresAt));
                insert.setTimestamp(6, Timestamp.from(now));
                insert.setTimestamp(7, Timestamp.from(now.plus(maxAge)));
                return insert.executeUpdate();
            }
        });
        return id;
    }

    /** The session of this id, only if it belongs to the tenant asked for and has not ended. */
    Optional<Session> find(String id, String tenant) {
        if (id == null || id.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = Sha256.of(id);
        return sql(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT tokens, access_expires_at, refresh_expires_at FROM platform.console_session "
                    + "WHERE id_hash = ? AND tenant_slug = ? AND expires_at > now() "
                    + "AND (access_expires_at > now() OR refresh_expires_at IS NULL OR refresh_expires_at > now())")) {
                query.setBytes(1, hash);
                query.setString(2, tenant);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<Session>empty();
                    }
                    Session session = new Session(tenant);
                    Tokens tokens = open(hash, row.getBytes(1));
                    session.accessToken = tokens.access();
                    session.refreshToken = tokens.refresh();
                    session.idToken = tokens.id();
                    session.accessExpiresAt = row.getTimestamp(2).toInstant();
                    session.refreshExpiresAt = row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant();
                    return Optional.of(session);
                }
            }
        });
    }

    /** Stores refreshed tokens of an existing session. */
    void update(String id, Session session) {
        byte[] hash = Sha256.of(id);
        sql(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE platform.console_session SET tokens = ?, access_expires_at = ?, "
                    + "refresh_expires_at = ? WHERE id_hash = ?")) {
                update.setBytes(1, seal(hash, session));
                update.setTimestamp(2, Timestamp.from(session.accessExpiresAt));
                update.setTimestamp(3, session.refreshExpiresAt == null ? null : Timestamp.from(session.refreshExpiresAt));
                update.setBytes(4, hash);
                return update.executeUpdate();
            }
        });
    }

    Optional<Session> remove(String id, String tenant) {
        Optional<Session> found = find(id, tenant);
        if (id != null && id.length() <= 100) {
            byte[] hash = Sha256.of(id);
            sql(c -> {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM platform.console_session WHERE id_hash = ?")) {
                    delete.setBytes(1, hash);
                    return delete.executeUpdate();
                }
            });
        }
        return found;
    }

    /** How many sessions are stored (ended ones included until the next purge). */
    long count() {
        return sql(c -> {
            try (var statement = c.createStatement(); var rows = statement.executeQuery("SELECT count(*) FROM platform.console_session")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Scheduled(every = "${consentry.console.purge-interval:5m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        purge();
    }

    /** Deletes ended sessions; returns how many. */
    int purge() {
        try {
            return sql(c -> {
                try (var statement = c.createStatement()) {
                    return statement.executeUpdate("DELETE FROM platform.console_session WHERE expires_at <= now() "
                            + "OR (access_expires_at <= now() AND (refresh_expires_at IS NULL OR refresh_expires_at <= now()))");
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not purge ended console sessions: %s", e.getMessage());
            return 0;
        }
    }

    private byte[] seal(byte[] hash, Session s) {
        try {
            return keys.consoleState().encrypt(json.writeValueAsBytes(new Tokens(s.accessToken, s.refreshToken, s.idToken)), binding(hash));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Could not seal a console session", e);
        }
    }

    private Tokens open(byte[] hash, byte[] sealed) {
        try {
            return json.readValue(keys.consoleState().decrypt(sealed, binding(hash)), Tokens.class);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("A console session does not open for its own row", e);
        }
    }

    private static byte[] binding(byte[] hash) {
        return ("consentry/console-session/" + Base64.getUrlEncoder().encodeToString(hash)).getBytes(StandardCharsets.UTF_8);
    }

    private <T> T sql(Sql<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        });
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run(Connection connection) throws SQLException;
    }

    static String cookieName(String tenant) {
        return "consentry_console_" + tenant.replace('-', '_');
    }
}
