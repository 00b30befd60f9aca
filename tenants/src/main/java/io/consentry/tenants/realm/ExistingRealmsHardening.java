package io.consentry.tenants.realm;

import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tenant realms made before provisioning closed the built-in clients' password grant, or before tenant admins and
 * auditors had to use a second factor, get both at start-up, in
 * the background (Keycloak may be slow or down; the api refuses those clients' tokens meanwhile anyway). Idempotent.
 */
@ApplicationScoped
public class ExistingRealmsHardening {

    private static final Logger LOG = Logger.getLogger(ExistingRealmsHardening.class);

    private final TenantRegistry registry;
    private final TenantRealms realms;

    ExistingRealmsHardening(TenantRegistry registry, TenantRealms realms) {
        this.registry = registry;
        this.realms = realms;
    }

    void onStart(@Observes StartupEvent event) {
        ExecutorService once = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "consentry-realm-hardening");
            thread.setDaemon(true);
            return thread;
        });
        once.execute(this::hardenAll);
        once.shutdown();
    }

    void hardenAll() {
        int closed = 0;
        int secondFactor = 0;
        for (Tenant tenant : registry.list()) {
            if (tenant.status != TenantStatus.ACTIVE && tenant.status != TenantStatus.SUSPENDED) {
                continue;
            }
            try {
                // each on its own cell's Keycloak
                closed += realms.hardenBuiltInClients(tenant);
                secondFactor += realms.requireSecondFactor(tenant) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.warnf("Could not check the built-in clients of realm %s (retried at the next start): %s", tenant.realm, e.getMessage());
            }
        }
        if (secondFactor > 0) {
            LOG.infof("Required a second factor for tenant admins and auditors in %d existing tenant realm(s)", secondFactor);
        }
        if (closed > 0) {
            LOG.infof("Closed the password grant of %d built-in client(s) of existing tenant realms", closed);
        }
    }
}
