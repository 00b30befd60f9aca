package io.consentry.tenants.placement;

import io.consentry.tenants.registry.Cell;

/**
 * How the api reaches one cell and signs in to its services: the configuration behind a {@link Cell}. Holds
 * secrets, so it is never logged, returned by an endpoint or stored in the registry (which records only the
 * {@link Cell}); {@link #toString()} names the cell only.
 *
 * @param name              the cell's name, as recorded for each tenant placed on it
 * @param keycloakUrl       the api's route to the cell's Keycloak (admin API, OIDC discovery)
 * @param issuerBaseUrl     the base URL the cell's tokens name as issuer (its public address; often the same)
 * @param adminRealm        the realm of the api's service-account client on that Keycloak
 * @param adminClientId     the api's service-account client there (realm role create-realm only)
 * @param adminClientSecret its secret
 * @param jdbcUrl           the cell's PostgreSQL database, where its tenants' schemas live
 * @param runtimeUser       the role that serves requests (rows only)
 * @param runtimePassword   its password
 * @param ownerUser         the role that owns the tenant schemas (migrations, provisioning, moves)
 * @param ownerPassword     its password
 * @param s3Endpoint        the cell's S3 endpoint, where its tenants' buckets live
 * @param s3Region          the region to sign S3 requests for
 * @param s3AccessKey       the api's access key there
 * @param s3SecretKey       its secret key
 * @param weight            the share of new tenants the cell takes relative to the others; 0 takes none
 */
public record CellSettings(String name,
                           String keycloakUrl, String issuerBaseUrl, String adminRealm, String adminClientId,
                           String adminClientSecret,
                           String jdbcUrl, String runtimeUser, String runtimePassword, String ownerUser,
                           String ownerPassword,
                           String s3Endpoint, String s3Region, String s3AccessKey, String s3SecretKey,
                           int weight) {

    /** Where a tenant placed on this cell keeps its data, as the registry records it (no credentials). */
    public Cell cell() {
        return new Cell(name, stripTrailingSlash(issuerBaseUrl), withoutQuery(jdbcUrl), stripTrailingSlash(s3Endpoint));
    }

    /** The issuer of tokens of a realm of this cell. */
    public String issuer(String realm) {
        return stripTrailingSlash(issuerBaseUrl) + "/realms/" + realm;
    }

    @Override
    public String toString() {
        return "cell " + name;
    }

    static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The registry records where a tenant's data is, never how to log in there. */
    static String withoutQuery(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
