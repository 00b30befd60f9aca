package io.consentry.persistence;

import io.consentry.security.CallerTenant;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Chooses the PostgreSQL schema of the tenant-scoped persistence unit from the caller's verified tenant.
 * There is deliberately no fallback: tenant data is never read without a tenant.
 */
@PersistenceUnitExtension
@RequestScoped
public class TenantSchemaResolver implements TenantResolver {

    /** Used by Hibernate at boot only; holds no tenant data. */
    static final String BOOT_SCHEMA = "public";

    @Inject
    CallerTenant caller;

    @Override
    public String getDefaultTenantId() {
        return BOOT_SCHEMA;
    }

    @Override
    public String resolveTenantId() {
        return caller.require().dbSchema;
    }
}
