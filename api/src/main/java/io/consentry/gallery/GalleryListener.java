package io.consentry.gallery;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * LISTENs on {@link GalleryChange#CHANNEL} over its own PostgreSQL connection (not one of the pool's) and hands
 * every change announced by another replica to {@code onChange} (a subject's identification data) or
 * {@code onKeysetChange} (a tenant keyset). When the connection drops, notifications may have been missed, so
 * {@code onReconnect} runs (the caller forgets every gallery and cached keyset) before listening again.
 */
public final class GalleryListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GalleryListener.class);
    private static final int POLL_MILLIS = 500;

    private final String jdbcUrl;
    private final Properties credentials;
    private final String replica;
    private final Consumer<GalleryChange> onChange;
    private final Consumer<KeysetChange> onKeysetChange;
    private final Runnable onReconnect;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;

    public GalleryListener(String jdbcUrl, String user, String password, String replica,
                           Consumer<GalleryChange> onChange, Consumer<KeysetChange> onKeysetChange, Runnable onReconnect) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.replica = replica;
        this.onChange = onChange;
        this.onKeysetChange = onKeysetChange;
        this.onReconnect = onReconnect;
        this.thread = new Thread(this::run, "gallery-listener-" + replica);
        this.thread.setDaemon(true);
    }

    public GalleryListener start() {
        thread.start();
        return this;
    }

    /** True once LISTEN is in effect (tests wait for it before announcing changes). */
    public boolean listening() {
        return listening;
    }

    private void run() {
        boolean first = true;
        while (running) {
            try (Connection connection = new org.postgresql.Driver().connect(jdbcUrl, credentials)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + GalleryChange.CHANNEL);
                }
                if (!first) {
                    onReconnect.run();
                }
                first = false;
                listening = true;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
                    if (notes == null) {
                        continue;
                    }
                    for (PGNotification note : notes) {
                        GalleryChange.parse(note.getParameter())
                                .filter(change -> !change.replica().equals(replica))
                                .ifPresent(change -> deliver(change, onChange));
                        KeysetChange.parse(note.getParameter())
                                .filter(change -> !change.replica().equals(replica))
                                .ifPresent(change -> deliver(change, onKeysetChange));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    LOG.warnf("Gallery change listener lost its connection (%s); reconnecting", e.getMessage());
                    sleepQuietly();
                }
            }
        }
        listening = false;
    }

    private static <T> void deliver(T change, Consumer<T> handler) {
        try {
            handler.accept(change);
        } catch (RuntimeException e) {
            LOG.warnf("Change %s announced by another replica could not be applied: %s", change, e.getMessage());
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
