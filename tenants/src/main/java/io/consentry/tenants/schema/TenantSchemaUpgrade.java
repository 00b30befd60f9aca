package io.consentry.tenants.schema;

import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** At start-up, brings every existing tenant schema to the latest migration (the platform schema is Quarkus' job). */
@ApplicationScoped
public class TenantSchemaUpgrade {

    private static final Logger LOG = Logger.getLogger(TenantSchemaUpgrade.class);

    @Inject
    TenantRegistry registry;

    @Inject
    TenantSchemas schemas;

    void onStart(@Observes StartupEvent event) {
        upgradeAll();
    }

    /** Migrates every live tenant schema; returns how many needed a migration. */
    public int upgradeAll() {
        int upgraded = 0;
        int tenants = 0;
        for (Tenant tenant : registry.list()) {
            if (tenant.status == TenantStatus.ACTIVE || tenant.status == TenantStatus.SUSPENDED) {
                tenants++;
                upgraded += schemas.migrate(tenant.dbSchema) > 0 ? 1 : 0;
            }
        }
        LOG.infof("Tenant schemas checked: %d, migrated: %d", tenants, upgraded);
        return upgraded;
    }
}
