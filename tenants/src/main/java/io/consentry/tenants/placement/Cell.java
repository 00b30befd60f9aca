package io.consentry.tenants.placement;

/**
 * One set of backing services a tenant can be placed on: a Keycloak, a PostgreSQL database and an S3 endpoint.
 * Recording the cell per tenant is what later lets tenants spread over several of them.
 */
public record Cell(String name, String keycloakUrl, String databaseUrl, String s3Endpoint) {
}
