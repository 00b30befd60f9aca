package io.consentry.core.persistence;

import io.consentry.core.security.CallerTenant;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.RequestScoped;

/**
 * Chooses the PostgreSQL schema of the tenant-scoped persistence unit from the caller's verified tenant.
 * There is deliberately no fallback: tenant data is never read without a tenant.
 */
@PersistenceUnitExtension
@RequestScoped
public class TenantSchemaResolver implements TenantResolver {

    /** Used by Hibernate at boot only; holds no tenant data. */
    static final String BOOT_SCHEMA = "public";

    private final CallerTenant caller;

    TenantSchemaResolver(CallerTenant caller) {
        this.caller = caller;
    }

    @Override
    public String getDefaultTenantId() {
        return BOOT_SCHEMA;
    }

    @Override
    public String resolveTenantId() {
        return caller.require().dbSchema;
    }
}
