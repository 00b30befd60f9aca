package io.consentry.tenants.placement;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the cell a new tenant lives on. Today the platform runs one cell, built from the api's own
 * configuration; adding cells means listing them here and picking the least-loaded one.
 */
@ApplicationScoped
public class CellPlacement {

    @ConfigProperty(name = "consentry.cell.name", defaultValue = "default")
    String name;

    /** The base URL in the tokens' issuer claim: Keycloak's public address, which may differ from the api's route to it. */
    @ConfigProperty(name = "consentry.keycloak.issuer-base-url")
    String keycloakUrl;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String databaseUrl;

    @ConfigProperty(name = "consentry.s3.endpoint")
    String s3Endpoint;

    public Cell placeNewTenant() {
        return localCell();
    }

    public Cell localCell() {
        return new Cell(name, stripTrailingSlash(keycloakUrl), withoutCredentials(databaseUrl), stripTrailingSlash(s3Endpoint));
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The registry records where a tenant's data is, never how to log in there. */
    static String withoutCredentials(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
