package io.consentry.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path state;

    @Test
    void keepsDataAcrossRestartsOnTheSameDirectory() throws Exception {
        GeneratedSecrets secrets = new GeneratedSecrets(state.resolve("secrets.properties"));
        Path data = state.resolve("postgres");
        Path log = state.resolve("logs/postgres.log");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(0, data, secrets, log)) {
            assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/consentry");
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
        }

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(0, data, secrets, log);
             Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT v, current_user, version() FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
            assertThat(rows.getString(2)).isEqualTo("consentry");
            assertThat(rows.getString(3)).startsWith("PostgreSQL 17.");
        }
    }

    @Test
    void namesTheBusyPortInsteadOfFailingObscurely() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> EmbeddedPostgres.start(port, state.resolve("pg"),
                    new GeneratedSecrets(state.resolve("s.properties")), state.resolve("pg.log")))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("--pg-port");
        }
    }
}
