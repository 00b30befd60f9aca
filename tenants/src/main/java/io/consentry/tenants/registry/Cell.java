package io.consentry.tenants.registry;

/**
 * Where a tenant's data lives, as the registry records it: the cell's name, its Keycloak (the issuer base of its
 * tokens), its PostgreSQL database and its S3 endpoint — addresses only, never credentials (those are in the api's
 * configuration, {@code io.consentry.tenants.placement.CellSettings}).
 */
public record Cell(String name, String keycloakUrl, String databaseUrl, String s3Endpoint) {
}
