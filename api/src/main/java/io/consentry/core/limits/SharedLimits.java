package io.consentry.core.limits;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Token buckets and attempt counters kept in PostgreSQL, so that every api replica sees the same numbers: a limit of
 * ten requests a second is ten for the whole platform, not ten per replica. Each operation is one atomic statement in a
 * short transaction of its own (never the caller's, which may run for a second of face analysis while the row lock
 * would serialise everyone else), timed by the database's clock, which every replica shares.
 */
@ApplicationScoped
public class SharedLimits {

    private static final Logger LOG = Logger.getLogger(SharedLimits.class);

    /** Refills by elapsed time × rate, up to burst; takes one token if at least one is there. */
    private static final String TAKE = """
            INSERT INTO platform.rate_bucket AS b (key, tokens, updated_at) VALUES (?, ? - 1, clock_timestamp())
            ON CONFLICT (key) DO UPDATE
               SET tokens = LEAST(?, b.tokens + EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at) * ?) - 1,
                   updated_at = clock_timestamp()
             WHERE LEAST(?, b.tokens + EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at) * ?) >= 1
            RETURNING tokens""";

    /** Counts one more in the current window, or starts a new window when the last one is over. */
    private static final String INCREMENT = """
            INSERT INTO platform.attempt_counter AS a (key, count, window_start) VALUES (?, 1, clock_timestamp())
            ON CONFLICT (key) DO UPDATE
               SET count = CASE WHEN a.window_start < clock_timestamp() - make_interval(secs => ?) THEN 1 ELSE a.count + 1 END,
                   window_start = CASE WHEN a.window_start < clock_timestamp() - make_interval(secs => ?)
                                       THEN clock_timestamp() ELSE a.window_start END
            RETURNING count""";

    private static final String COUNT = """
            SELECT count FROM platform.attempt_counter
             WHERE key = ? AND window_start >= clock_timestamp() - make_interval(secs => ?)""";

    private final AgroalDataSource dataSource;

    SharedLimits(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes a token from the bucket {@code key} (refilled at {@code perSecond}, holding at most {@code burst}). */
    public boolean tryTake(String key, double perSecond, double burst) {
        return inOwnTransaction(connection -> {
            try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                take.setString(1, key);
                take.setDouble(2, burst);
                take.setDouble(3, burst);
                take.setDouble(4, perSecond);
                take.setDouble(5, burst);
                take.setDouble(6, perSecond);
                try (ResultSet rows = take.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** One more attempt under {@code key} in a window of {@code window}; returns the count in the current window. */
    public int increment(String key, Duration window) {
        return inOwnTransaction(connection -> {
            try (PreparedStatement increment = connection.prepareStatement(INCREMENT)) {
                increment.setString(1, key);
                increment.setDouble(2, window.toMillis() / 1000.0);
                increment.setDouble(3, window.toMillis() / 1000.0);
                try (ResultSet rows = increment.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    /** The count under {@code key} in the current window (0 when the window is over). */
    public int count(String key, Duration window) {
        return inOwnTransaction(connection -> {
            try (PreparedStatement count = connection.prepareStatement(COUNT)) {
                count.setString(1, key);
                count.setDouble(2, window.toMillis() / 1000.0);
                try (ResultSet rows = count.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }

    public void reset(String key) {
        inOwnTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM platform.attempt_counter WHERE key = ?")) {
                delete.setString(1, key);
                return delete.executeUpdate();
            }
        });
    }

    /** Stale rows go: a bucket untouched for an hour is full anyway, a counter window of a day is long over. */
    @Scheduled(every = "${consentry.limits.purge-interval:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try {
            int removed = inOwnTransaction(connection -> {
                try (var statement = connection.createStatement()) {
                    return statement.executeUpdate("DELETE FROM platform.rate_bucket WHERE updated_at < now() - interval '1 hour'")
                            + statement.executeUpdate("DELETE FROM platform.attempt_counter WHERE window_start < now() - interval '1 day'");
                }
            });
            LOG.debugf("Purged %d stale rate-limit rows", removed);
        } catch (RuntimeException e) {
            LOG.warnf("Could not purge stale rate-limit rows: %s", e.getMessage());
        }
    }

    private <T> T inOwnTransaction(Sql<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run(Connection connection) throws SQLException;
    }
}
