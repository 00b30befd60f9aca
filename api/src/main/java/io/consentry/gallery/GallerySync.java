package io.consentry.gallery;

import io.consentry.tenants.keyring.KeysetChanged;
import io.consentry.tenants.keyring.TenantKeyring;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps the galleries of all api replicas current: a change is applied to this replica's gallery at once and
 * announced to the others with {@code pg_notify}; each replica's {@link GalleryListener} applies the others' changes.
 * The same channel carries keyset rotations, so that every replica drops its cached tenant keyset and encrypts with
 * the new primary key soon after (reads never depend on it: the keyring reloads when it meets an unknown key).
 */
@ApplicationScoped
public class GallerySync {

    private static final Logger LOG = Logger.getLogger(GallerySync.class);

    /** Identifies this replica in notifications so that it skips its own (already applied) changes. */
    private final String replica = UUID.randomUUID().toString();
    private final IdentificationGalleries galleries;
    private final TenantKeyring keyring;
    private final String jdbcUrl;
    private final String user;
    private final Optional<String> password;
    private final boolean listen;
    private final ReplicaAnnouncer announcer;

    GallerySync(IdentificationGalleries galleries, TenantKeyring keyring,
                @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
                @ConfigProperty(name = "quarkus.datasource.username") String user,
                @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                @ConfigProperty(name = "consentry.gallery.listen", defaultValue = "true") boolean listen) {
        this.galleries = galleries;
        this.keyring = keyring;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.listen = listen;
        this.announcer = new ReplicaAnnouncer(jdbcUrl, user, password.orElse(null));
    }

    private GalleryListener listener;

    void start(@Observes StartupEvent startup) {
        if (listen) {
            listener = new GalleryListener(jdbcUrl, user, password.orElse(null), replica,
                    change -> galleries.invalidate(change.tenantId(), change.subjectId()),
                    change -> keyring.forgetCached(change.tenantId()),
                    () -> {
                        galleries.invalidateAll();
                        keyring.forgetAll();
                    }).start();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (listener != null) {
            listener.close();
        }
        announcer.close();
    }

    public String replica() {
        return replica;
    }

    public boolean listening() {
        return listener != null && listener.listening();
    }

    /** Applies the change here and tells the other replicas. Call after the change committed. */
    public void changed(UUID tenantId, UUID subjectId) {
        galleries.invalidate(tenantId, subjectId);
        announce(new GalleryChange(replica, tenantId, subjectId).payload());
    }

    /** A keyset rotation or destruction committed here (the keyring already dropped its own copy): tell the others. */
    void keysetChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) KeysetChanged change) {
        announce(new KeysetChange(replica, change.tenantId()).payload());
    }

    void announce(String payload) {
        try {
            announcer.announce(GalleryChange.CHANNEL, payload);
        } catch (SQLException e) {
            // The other replicas keep a stale gallery (or keep encrypting with the old primary key) until their next
            // change or reconnect; say so loudly.
            LOG.errorf("Could not announce a change to other replicas: %s", e.getMessage());
        }
    }
}
