package io.consentry.gallery;

import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Announcements to the other replicas, on the real PostgreSQL: many changes share one connection (one per change made
 * every consent grant pay for a connection), every one of them is delivered, and a connection the server dropped is
 * replaced at the next announcement without losing it.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class ReplicaAnnouncerTest {

    @Inject
    GallerySync sync;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    java.util.Optional<String> password;

    @Test
    void changesShareOneConnectionAndADroppedConnectionIsReplacedWithoutLosingTheChange() throws Exception {
        try (Connection listener = DriverManager.getConnection(jdbcUrl, user, password.orElse(null));
             Connection admin = DriverManager.getConnection(jdbcUrl, user, password.orElse(null))) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + GalleryChange.CHANNEL);
            }
            UUID tenant = UUID.randomUUID();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String payload = new GalleryChange("announcer-test", tenant, UUID.randomUUID()).payload();
                sync.announce(payload);
                sent.add(payload);
            }
            assertThat(announcerBackends(admin)).as("one connection for twenty changes").isEqualTo(1);

            try (Statement kill = admin.createStatement()) {
                kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                        + ReplicaAnnouncer.APPLICATION_NAME + "'");
            }
            String afterDrop = new GalleryChange("announcer-test", tenant, UUID.randomUUID()).payload();
            sync.announce(afterDrop);
            sent.add(afterDrop);
            assertThat(announcerBackends(admin)).as("the dropped connection was replaced by one").isEqualTo(1);

            assertThat(received(listener, tenant, sent.size())).containsExactlyElementsOf(sent);
        }
    }

    private static int announcerBackends(Connection admin) throws Exception {
        try (Statement count = admin.createStatement();
             ResultSet rows = count.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                     + ReplicaAnnouncer.APPLICATION_NAME + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** This test's notifications (other tests' replicas may announce on the channel too), waiting up to 10 s for them. */
    private static List<String> received(Connection listener, UUID tenant, int expected) throws Exception {
        List<String> mine = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (mine.size() < expected && System.nanoTime() < deadline) {
            PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(500);
            if (batch != null) {
                for (PGNotification n : batch) {
                    if (n.getParameter().contains(tenant.toString())) {
                        mine.add(n.getParameter());
                    }
                }
            }
        }
        return mine;
    }
}
