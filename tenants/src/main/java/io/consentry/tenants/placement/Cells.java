package io.consentry.tenants.placement;

import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cells this api serves, read once from configuration. The <em>home</em> cell is the api's own configuration
 * (its datasource, Keycloak and S3 keys); it also holds the platform schema. Further cells are listed in
 * {@code consentry.cells.names} and each configured under {@code consentry.cells.<name>.*}:
 * <pre>
 * consentry.cells.names=cell-b
 * consentry.cells.cell-b.keycloak-url=http://keycloak-b:8080
 * consentry.cells.cell-b.issuer-base-url=https://sso-b.example.org     (default: keycloak-url)
 * consentry.cells.cell-b.admin-realm=master                            (default)
 * consentry.cells.cell-b.admin-client-id=consentry-api                 (default)
 * consentry.cells.cell-b.admin-client-secret=...
 * consentry.cells.cell-b.jdbc-url=jdbc:postgresql://pg-b:5432/consentry
 * consentry.cells.cell-b.db-username=consentry_api                     (default)
 * consentry.cells.cell-b.db-password=...
 * consentry.cells.cell-b.db-owner-username=consentry                   (default)
 * consentry.cells.cell-b.db-owner-password=...
 * consentry.cells.cell-b.s3-endpoint=http://minio-b:9000
 * consentry.cells.cell-b.s3-region=us-east-1                           (default)
 * consentry.cells.cell-b.s3-access-key=...
 * consentry.cells.cell-b.s3-secret-key=...
 * consentry.cells.cell-b.weight=1                                      (default; 0 = no new tenants)
 * </pre>
 * Names are listed explicitly (rather than discovered from keys) so each key can also come from an environment
 * variable, e.g. {@code CONSENTRY_CELLS_CELL_B_DB_PASSWORD}.
 */
@ApplicationScoped
public class Cells {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Map<String, CellSettings> byName;
    private final CellSettings home;

    Cells(Config config) {
        this.home = home(config);
        Map<String, CellSettings> cells = new LinkedHashMap<>();
        cells.put(home.name(), home);
        for (String name : config.getOptionalValues("consentry.cells.names", String.class).orElse(List.of())) {
            String cellName = name.strip();
            if (cellName.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(cellName).matches() || cellName.equals("names")) {
                throw new IllegalArgumentException("consentry.cells.names: '" + cellName
                        + "' is not a cell name (lower-case letters, digits and dashes, at most 63)");
            }
            if (cells.containsKey(cellName)) {
                throw new IllegalArgumentException("consentry.cells.names: cell '" + cellName + "' is listed twice or is the home cell");
            }
            cells.put(cellName, other(config, cellName));
        }
        this.byName = Collections.unmodifiableMap(cells);
    }

    /** The api's own cell: the platform schema lives in its database. */
    public CellSettings home() {
        return home;
    }

    /** Every cell, the home cell first. */
    public List<CellSettings> all() {
        return new ArrayList<>(byName.values());
    }

    public Optional<CellSettings> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The cell a tenant lives on; a tenant on a cell this api no longer knows is a deployment error. */
    public CellSettings of(Tenant tenant) {
        CellSettings cell = byName.get(tenant.cell);
        if (cell == null) {
            throw new CellNotConfiguredException(tenant.slug, tenant.cell);
        }
        return cell;
    }

    private static CellSettings home(Config config) {
        String keycloakUrl = config.getValue("consentry.keycloak.url", String.class);
        return new CellSettings(
                config.getOptionalValue("consentry.cell.name", String.class).orElse("default"),
                keycloakUrl,
                config.getOptionalValue("consentry.keycloak.issuer-base-url", String.class).orElse(keycloakUrl),
                config.getOptionalValue("consentry.keycloak.admin-realm", String.class).orElse("master"),
                config.getOptionalValue("consentry.keycloak.admin-client-id", String.class).orElse("consentry-api"),
                config.getOptionalValue("consentry.keycloak.admin-client-secret", String.class).orElse(""),
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("consentry_api"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""),
                config.getOptionalValue("quarkus.datasource.owner.username", String.class).orElse("consentry"),
                config.getOptionalValue("quarkus.datasource.owner.password", String.class).orElse(""),
                config.getValue("consentry.s3.endpoint", String.class),
                config.getOptionalValue("consentry.s3.region", String.class).orElse("us-east-1"),
                config.getOptionalValue("consentry.s3.access-key", String.class).orElse(""),
                config.getOptionalValue("consentry.s3.secret-key", String.class).orElse(""),
                weight(config, "consentry.cell.weight"));
    }

    private static CellSettings other(Config config, String name) {
        String prefix = "consentry.cells." + name + ".";
        String keycloakUrl = required(config, prefix + "keycloak-url");
        return new CellSettings(name,
                keycloakUrl,
                config.getOptionalValue(prefix + "issuer-base-url", String.class).orElse(keycloakUrl),
                config.getOptionalValue(prefix + "admin-realm", String.class).orElse("master"),
                config.getOptionalValue(prefix + "admin-client-id", String.class).orElse("consentry-api"),
                required(config, prefix + "admin-client-secret"),
                required(config, prefix + "jdbc-url"),
                config.getOptionalValue(prefix + "db-username", String.class).orElse("consentry_api"),
                required(config, prefix + "db-password"),
                config.getOptionalValue(prefix + "db-owner-username", String.class).orElse("consentry"),
                required(config, prefix + "db-owner-password"),
                required(config, prefix + "s3-endpoint"),
                config.getOptionalValue(prefix + "s3-region", String.class).orElse("us-east-1"),
                required(config, prefix + "s3-access-key"),
                required(config, prefix + "s3-secret-key"),
                weight(config, prefix + "weight"));
    }

    private static String required(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(key + " is required for every cell listed in consentry.cells.names"));
    }

    private static int weight(Config config, String key) {
        int weight = config.getOptionalValue(key, Integer.class).orElse(1);
        if (weight < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more");
        }
        return weight;
    }
}
