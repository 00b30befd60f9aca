package io.consentry.tenants.move;

import io.consentry.tenants.placement.CellSettings;
import io.minio.MinioClient;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How a move reaches the services of one cell, each built in this one place: the owner role of its PostgreSQL (plain
 * connections: a move is a batch job, a pool would only hold connections for nothing), its S3 server and its Keycloak
 * admin API as the api's service account. When the api keeps long-lived per-cell clients, these are the three methods
 * to point at them.
 */
public final class CellClients {

    private static final Duration S3_TIMEOUT = Duration.ofMinutes(5);

    private CellClients() {
    }

    /** A new connection as the cell's owner role, in auto-commit mode; the caller closes it. */
    public static Connection owner(CellSettings cell) throws SQLException {
        return ownerDataSource(cell).getConnection();
    }

    /** The owner role as a data source (Flyway wants one); every call opens a new connection. */
    public static DataSource ownerDataSource(CellSettings cell) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(cell.jdbcUrl());
        dataSource.setUser(cell.ownerUser());
        dataSource.setPassword(cell.ownerPassword());
        dataSource.setApplicationName("consentry-cell-move");
        return dataSource;
    }

    /** The cell's S3 server; a large object may take a while, so calls get minutes rather than the api's seconds. */
    public static MinioClient s3(CellSettings cell) {
        MinioClient client = MinioClient.builder().endpoint(cell.s3Endpoint()).region(cell.s3Region())
                .credentials(cell.s3AccessKey(), cell.s3SecretKey()).build();
        client.setTimeout(10_000, S3_TIMEOUT.toMillis(), S3_TIMEOUT.toMillis());
        return client;
    }

    /** The cell's Keycloak admin API, signed in as the api's service account there; the caller closes it. */
    public static Keycloak keycloak(CellSettings cell) {
        return KeycloakBuilder.builder()
                .serverUrl(cell.keycloakUrl())
                .realm(cell.adminRealm())
                .clientId(cell.adminClientId())
                .clientSecret(cell.adminClientSecret())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .build();
    }
}
