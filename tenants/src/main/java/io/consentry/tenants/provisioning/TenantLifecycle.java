package io.consentry.tenants.provisioning;

import io.consentry.tenants.keyring.TenantKeyring;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.realm.TenantRealms;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import io.consentry.tenants.schema.TenantSchemas;
import io.consentry.tenants.storage.TenantBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Suspend, resume and delete (crypto-shred) tenants. */
@ApplicationScoped
public class TenantLifecycle {

    private static final Logger LOG = Logger.getLogger(TenantLifecycle.class);

    private final TenantRegistry registry;
    private final TenantKeyring keyring;
    private final TenantSchemas schemas;
    private final TenantBuckets buckets;
    private final TenantRealms realms;
    private final Cells cells;

    TenantLifecycle(TenantRegistry registry, TenantKeyring keyring, TenantSchemas schemas, TenantBuckets buckets,
                    TenantRealms realms, Cells cells) {
        this.registry = registry;
        this.keyring = keyring;
        this.schemas = schemas;
        this.buckets = buckets;
        this.realms = realms;
        this.cells = cells;
    }

    public Tenant suspend(Tenant tenant) {
        requireConfiguredCell(tenant);
        Tenant suspended = registry.setStatus(tenant.id, TenantStatus.SUSPENDED);
        realms.setEnabled(tenant, false);
        return suspended;
    }

    public Tenant resume(Tenant tenant) {
        requireConfiguredCell(tenant);
        realms.setEnabled(tenant, true);
        return registry.setStatus(tenant.id, TenantStatus.ACTIVE);
    }

    /**
     * Destroys the keyset first: from that moment everything the tenant stored (and every backup of it) is
     * unreadable. Then the schema, bucket and realm go. A failure part-way leaves the tenant DELETING and a
     * repeated delete finishes the job.
     */
    public DeletionReport delete(Tenant tenant) {
        requireConfiguredCell(tenant);
        registry.setStatus(tenant.id, TenantStatus.DELETING);
        boolean keysetDestroyed = keyring.destroy(tenant.id);
        boolean schemaDropped = schemas.drop(tenant);
        int objects = buckets.remove(tenant);
        boolean realmRemoved = realms.remove(tenant);
        registry.forget(tenant.id);
        LOG.infof("Deleted tenant %s (keyset destroyed: %s)", tenant.slug, keysetDestroyed);
        return new DeletionReport(tenant.slug, keysetDestroyed, schemaDropped, objects >= 0, Math.max(objects, 0), realmRemoved);
    }

    /**
     * Each action writes the registry first and then reaches the tenant's cell: on a cell this api is not configured
     * for it would change the status (or destroy the keyset) and then fail. Refused before anything is written.
     */
    private void requireConfiguredCell(Tenant tenant) {
        cells.of(tenant);
    }
}
