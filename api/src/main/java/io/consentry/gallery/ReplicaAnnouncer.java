package io.consentry.gallery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Sends {@code pg_notify} on one connection of its own, kept open between announcements: opening a PostgreSQL
 * connection per change (a consent grant, a withdrawal, an enrolment) cost more than the change itself. The connection
 * is outside the pool on purpose — announcements run after the caller's commit, where a pooled connection could be
 * enlisted in a transaction that is already over. A broken connection is replaced once, at the next announcement.
 */
final class ReplicaAnnouncer implements AutoCloseable {

    /** How the connection shows in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "consentry-replica-announcer";

    private final String jdbcUrl;
    private final Properties credentials;
    private Connection connection;

    ReplicaAnnouncer(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("ApplicationName", APPLICATION_NAME);
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    /** Notifies {@code channel}; retries once on a fresh connection when the kept one fails (e.g. the server restarted). */
    synchronized void announce(String channel, String payload) throws SQLException {
        try {
            send(channel, payload);
        } catch (SQLException first) {
            closeQuietly();
            try {
                send(channel, payload);
            } catch (SQLException second) {
                closeQuietly();
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private void send(String channel, String payload) throws SQLException {
        if (connection == null) {
            connection = new org.postgresql.Driver().connect(jdbcUrl, credentials);
        }
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.execute();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken: nothing more to release
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
