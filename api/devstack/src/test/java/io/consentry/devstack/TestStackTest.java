package io.consentry.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The api tests' entry point: a stack in a child JVM, started once, gone without a trace when stopped. */
class TestStackTest {

    private static boolean reachable(java.net.URI uri) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void startsOnceInAChildJvmAndLeavesNothingBehind() throws Exception {
        Map<String, String> config = TestStack.config();
        assertThat(TestStack.config()).as("second call, same stack").isSameAs(config);

        try (Connection connection = DriverManager.getConnection(config.get(ApiConfigKeys.DATASOURCE_JDBC_URL),
                config.get(ApiConfigKeys.DATASOURCE_USERNAME), config.get(ApiConfigKeys.DATASOURCE_PASSWORD))) {
            assertThat(connection.isValid(5)).isTrue();
        }
        KeycloakAdminClient admin = new KeycloakAdminClient(config.get(ApiConfigKeys.KEYCLOAK_URL),
                config.get(DevStack.TEST_KEYCLOAK_ADMIN_USERNAME), config.get(DevStack.TEST_KEYCLOAK_ADMIN_PASSWORD));
        assertThat(admin.adminToken()).isNotBlank();

        // PostgreSQL and Keycloak outages, as the fault suite uses them: same ports, same data.
        java.net.URI keycloak = java.net.URI.create(config.get(ApiConfigKeys.KEYCLOAK_URL));
        TestStack.stopKeycloak();
        assertThat(reachable(keycloak)).as("Keycloak port after stopKeycloak").isFalse();
        TestStack.startKeycloak();
        assertThat(admin.realmExists("master")).as("Keycloak answers again, with its data").isTrue();
        TestStack.stopPostgres();
        assertThatThrownBy(() -> DriverManager.getConnection(config.get(ApiConfigKeys.DATASOURCE_JDBC_URL),
                config.get(ApiConfigKeys.DATASOURCE_USERNAME), config.get(ApiConfigKeys.DATASOURCE_PASSWORD)))
                .as("PostgreSQL after stopPostgres").isInstanceOf(java.sql.SQLException.class);
        TestStack.startPostgres();
        try (Connection connection = DriverManager.getConnection(config.get(ApiConfigKeys.DATASOURCE_JDBC_URL),
                config.get(ApiConfigKeys.DATASOURCE_USERNAME), config.get(ApiConfigKeys.DATASOURCE_PASSWORD))) {
            assertThat(connection.isValid(5)).as("PostgreSQL after startPostgres").isTrue();
        }

        // An S3 outage and recovery, as the api's outage tests use it: same port, same data.
        String endpoint = config.get(ApiConfigKeys.S3_ENDPOINT);
        java.net.URI uri = java.net.URI.create(endpoint);
        TestStack.stopS3();
        assertThat(reachable(uri)).as("S3 port after stopS3").isFalse();
        TestStack.startS3();
        assertThat(reachable(uri)).as("S3 port after startS3").isTrue();

        ProcessHandle child = TestStack.processHandle();
        List<ProcessHandle> tree = child.descendants().collect(Collectors.toList());
        assertThat(tree).as("PostgreSQL and Keycloak run under the stack JVM").isNotEmpty();
        Path state = Path.of(config.get(ApiConfigKeys.STATE_DIR));

        TestStack.stop();

        assertThat(child.isAlive()).as("stack JVM").isFalse();
        assertThat(tree).as("servers started by the stack JVM").noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(state)).as("ephemeral state deleted").isFalse();
    }
}
