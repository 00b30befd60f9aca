package io.consentry.core.persistence;

import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.placement.Cells;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.RequestScoped;

/**
 * Chooses where the tenant-scoped persistence unit reads and writes — the tenant's cell and schema
 * ({@link TenantDataAddress}; {@link CellConnectionResolver} turns it into connections) — from the caller's verified
 * tenant. There is deliberately no fallback: tenant data is never read without a tenant.
 */
@PersistenceUnitExtension
@RequestScoped
public class TenantSchemaResolver implements TenantResolver {

    /** Used by Hibernate at boot only; holds no tenant data. */
    static final String BOOT_SCHEMA = "public";

    private final CallerTenant caller;
    private final Cells cells;

    TenantSchemaResolver(CallerTenant caller, Cells cells) {
        this.caller = caller;
        this.cells = cells;
    }

    @Override
    public String getDefaultTenantId() {
        return new TenantDataAddress(cells.home().name(), BOOT_SCHEMA).identifier();
    }

    @Override
    public String resolveTenantId() {
        return TenantDataAddress.of(caller.require()).identifier();
    }
}
