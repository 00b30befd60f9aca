package io.consentry.tenants.provisioning;

import io.consentry.tenants.keyring.TenantKeyring;
import io.consentry.tenants.placement.CellPlacement;
import io.consentry.tenants.realm.RealmException;
import io.consentry.tenants.realm.TenantRealms;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.registry.TenantStatus;
import io.consentry.tenants.schema.TenantMigrations;
import io.consentry.tenants.schema.TenantSchemas;
import io.consentry.tenants.storage.StorageException;
import io.consentry.tenants.storage.TenantBuckets;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * Creates a tenant as one unit — registry entry, keyset, schema, bucket, realm — and undoes the steps already
 * done when a later one fails, so no half-made tenant is left anywhere.
 */
@ApplicationScoped
public class TenantProvisioner {

    private static final Logger LOG = Logger.getLogger(TenantProvisioner.class);

    private final TenantRegistry registry;
    private final CellPlacement placement;
    private final TenantKeyring keyring;
    private final TenantSchemas schemas;
    private final TenantBuckets buckets;
    private final TenantRealms realms;
    private final String bucketPrefix;

    TenantProvisioner(TenantRegistry registry, CellPlacement placement, TenantKeyring keyring, TenantSchemas schemas,
                      TenantBuckets buckets, TenantRealms realms,
                      @ConfigProperty(name = "consentry.s3.bucket-prefix", defaultValue = TenantRegistry.DEFAULT_BUCKET_PREFIX)
                      String bucketPrefix) {
        this.registry = registry;
        this.placement = placement;
        this.keyring = keyring;
        this.schemas = schemas;
        this.buckets = buckets;
        this.realms = realms;
        this.bucketPrefix = bucketPrefix;
    }

    public Tenant provision(NewTenant request) {
        TenantSlug slug = new TenantSlug(request.slug());
        long started = System.nanoTime();
        Tenant tenant = registry.reserve(slug, request.displayName(), request.kind(), placement.placeNewTenant(request.requestedCell()).cell(), bucketPrefix);
        UUID id = tenant.id;
        Deque<Runnable> undo = new ArrayDeque<>();
        String step = "keyset";
        try {
            keyring.create(id);
            undo.push(() -> keyring.destroy(id));

            step = "schema";
            schemas.create(tenant);
            undo.push(() -> schemas.drop(tenant));
            registry.recordSchemaVersion(id, TenantMigrations.LATEST_VERSION);

            step = "bucket";
            buckets.create(tenant);
            undo.push(() -> buckets.remove(tenant));

            step = "realm";
            realms.create(tenant);
            undo.push(() -> realms.remove(tenant));

            Tenant active = registry.setStatus(id, TenantStatus.ACTIVE);
            LOG.infof("Provisioned tenant %s in %d ms", slug, (System.nanoTime() - started) / 1_000_000);
            return active;
        } catch (RuntimeException failure) {
            rollBack(undo, failure);
            registry.forget(id);
            LOG.warnf("Provisioning of tenant %s failed at step %s and was rolled back: %s", slug, step, failure.getMessage());
            throw new ProvisioningFailedException(step, isConflict(failure), failure);
        }
    }

    private static void rollBack(Deque<Runnable> undo, RuntimeException failure) {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException undoFailure) {
                failure.addSuppressed(undoFailure);
                LOG.errorf(undoFailure, "Could not undo a provisioning step; manual clean-up needed");
            }
        }
    }

    private static boolean isConflict(RuntimeException failure) {
        String message = String.valueOf(failure.getMessage());
        return (failure instanceof StorageException || failure instanceof RealmException || failure instanceof IllegalStateException)
                && message.contains("already exists");
    }
}
