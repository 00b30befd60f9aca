package io.consentry.core.persistence;

import io.consentry.tenants.registry.Tenant;

/**
 * Where a tenant's rows are: the cell whose database holds them and the schema in it. Its text form is Hibernate's
 * tenant identifier, so a tenant moved to another cell gets a new identifier and never reuses the old cell's
 * connections.
 */
record TenantDataAddress(String cell, String schema) {

    private static final char SEPARATOR = '/';

    static TenantDataAddress of(Tenant tenant) {
        return new TenantDataAddress(tenant.cell, tenant.dbSchema);
    }

    static TenantDataAddress parse(String identifier) {
        int separator = identifier.indexOf(SEPARATOR);
        if (separator <= 0 || separator == identifier.length() - 1) {
            throw new IllegalArgumentException("Not a tenant data address: " + identifier);
        }
        return new TenantDataAddress(identifier.substring(0, separator), identifier.substring(separator + 1));
    }

    String identifier() {
        return cell + SEPARATOR + schema;
    }
}
