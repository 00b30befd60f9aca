package io.consentry.testing;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Direct access to each cell's own servers, for tests that assert where a tenant's data really is: its PostgreSQL as
 * the owner role, its S3 server, its Keycloak as the bootstrap admin (tests look with it, and create test users; the
 * api never has it). Cells are named as the api names them: the home cell ({@code consentry.cell.name}, "default")
 * and those of {@code consentry.cells.names} (see {@link TwoCells}).
 */
public final class CellServers {

    private static final Map<String, Keycloak> ADMINS = new ConcurrentHashMap<>();
    private static final Map<String, String> REALM_CELLS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private CellServers() {
    }

    public static String home() {
        return config().getOptionalValue("consentry.cell.name", String.class).orElse("default");
    }

    /** Every cell of the api, home first. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(home());
        config().getOptionalValues("consentry.cells.names", String.class).orElse(List.of())
                .forEach(name -> names.add(name.strip()));
        return names;
    }

    /** The api's route to the cell's Keycloak. */
    public static String keycloakUrl(String cell) {
        return value(cell, "consentry.keycloak.url", "keycloak-url");
    }

    public static String jdbcUrl(String cell) {
        return value(cell, "quarkus.datasource.jdbc.url", "jdbc-url");
    }

    public static String s3Endpoint(String cell) {
        return value(cell, "consentry.s3.endpoint", "s3-endpoint");
    }

    /** A new connection to the cell's database as the owner role (close it). */
    public static Connection ownerConnection(String cell) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(cell), value(cell, "quarkus.datasource.owner.username", "db-owner-username"),
                value(cell, "quarkus.datasource.owner.password", "db-owner-password"));
    }

    /** Whether the cell's database has that schema. */
    public static boolean hasSchema(String cell, String schema) {
        try (Connection connection = ownerConnection(cell);
             var query = connection.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            query.setString(1, schema);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schemas of cell " + cell, e);
        }
    }

    /** A client of the cell's S3 server with the api's keys. */
    public static MinioClient s3(String cell) {
        return MinioClient.builder().endpoint(s3Endpoint(cell))
                .region(config().getOptionalValue(cell.equals(home()) ? "consentry.s3.region" : prefix(cell) + "s3-region", String.class)
                        .orElse("us-east-1"))
                .credentials(value(cell, "consentry.s3.access-key", "s3-access-key"), value(cell, "consentry.s3.secret-key", "s3-secret-key"))
                .build();
    }

    public static boolean hasBucket(String cell, String bucket) {
        try {
            return s3(cell).bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot ask cell " + cell + "'s S3 for bucket " + bucket, e);
        }
    }

    /** The cell's Keycloak as its bootstrap admin (master realm): to look at realms, and to create test users. */
    public static Keycloak keycloakAdmin(String cell) {
        return ADMINS.computeIfAbsent(cell, name -> {
            String test = name.equals(home()) ? "consentry.devstack." : "consentry.devstack.cells." + name + ".";
            return KeycloakBuilder.builder().serverUrl(keycloakUrl(name)).realm("master").clientId("admin-cli")
                    .username(config().getValue(test + "keycloak-admin-username", String.class))
                    .password(config().getValue(test + "keycloak-admin-password", String.class))
                    .build();
        });
    }

    /** Whether the cell's Keycloak has that realm (asked anonymously, as any client could). */
    public static boolean hasRealm(String cell, String realm) {
        return status(keycloakUrl(cell) + "/realms/" + realm) == 200;
    }

    /**
     * The cell whose Keycloak holds a realm: test helpers create users and sign users and devices in there. The home
     * cell when no cell has it (the caller's request then fails as it would have).
     */
    public static String cellOfRealm(String realm) {
        List<String> cells = names();
        if (cells.size() == 1) {
            return cells.get(0);
        }
        String known = REALM_CELLS.get(realm);
        if (known != null) {
            return known;
        }
        for (String cell : cells) {
            if (hasRealm(cell, realm)) {
                REALM_CELLS.put(realm, cell);
                return cell;
            }
        }
        return home();
    }

    /** The api's route to the Keycloak that holds the realm. */
    public static String keycloakUrlOfRealm(String realm) {
        return keycloakUrl(cellOfRealm(realm));
    }

    /**
     * An admin client that may create users in the realm: on the home cell the api's own (as tests always did), on
     * another cell that Keycloak's bootstrap admin.
     */
    public static Keycloak realmAdmin(String realm) {
        String cell = cellOfRealm(realm);
        return cell.equals(home()) ? io.quarkus.arc.Arc.container().instance(Keycloak.class).get() : keycloakAdmin(cell);
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot reach " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String value(String cell, String homeKey, String cellKey) {
        if (cell.equals(home())) {
            return config().getValue(homeKey, String.class);
        }
        if (!names().contains(cell)) {
            throw new IllegalArgumentException("the api has no cell " + cell + " (cells: " + names() + ")");
        }
        return config().getValue(prefix(cell) + cellKey, String.class);
    }

    private static String prefix(String cell) {
        return "consentry.cells." + cell + ".";
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }
}
