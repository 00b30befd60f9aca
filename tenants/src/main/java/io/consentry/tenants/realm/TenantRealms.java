package io.consentry.tenants.realm;

import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;

/** Creates, enables/disables and removes the Keycloak realm of each tenant. */
@ApplicationScoped
public class TenantRealms {

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "consentry.public-url", defaultValue = "http://127.0.0.1:8080")
    String publicUrl;

    @ConfigProperty(name = "consentry.keycloak.cli-direct-access-grants", defaultValue = "false")
    boolean cliDirectGrants;

    public void create(Tenant tenant) {
        if (exists(tenant.realm)) {
            throw new RealmException("Realm " + tenant.realm + " already exists; refusing to adopt it");
        }
        call(() -> keycloak.realms().create(
                RealmFactory.realm(tenant.realm, tenant.displayName, RealmRoles.TENANT_ROLES, publicUrl, cliDirectGrants)),
                "create realm " + tenant.realm);
    }

    public boolean exists(String realm) {
        try {
            keycloak.realm(realm).toRepresentation();
            return true;
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return false;
            }
            throw e;
        } catch (RuntimeException e) {
            throw new RealmException("Keycloak: could not look up realm " + realm + ": " + e.getMessage(), e);
        }
    }

    /** A disabled realm issues no new tokens; the api refuses the existing ones through the tenant status. */
    public void setEnabled(String realm, boolean enabled) {
        call(() -> {
            RealmRepresentation change = new RealmRepresentation();
            change.setEnabled(enabled);
            keycloak.realm(realm).update(change);
        }, (enabled ? "enable" : "disable") + " realm " + realm);
    }

    /** Returns false when there was no realm to remove. */
    public boolean remove(String realm) {
        if (!exists(realm)) {
            return false;
        }
        call(() -> keycloak.realm(realm).remove(), "remove realm " + realm);
        return true;
    }

    private static void call(Runnable call, String what) {
        try {
            call.run();
        } catch (WebApplicationException e) {
            throw new RealmException("Keycloak: could not " + what + " (HTTP " + e.getResponse().getStatus() + ")", e);
        } catch (RuntimeException e) {
            throw new RealmException("Keycloak: could not " + what + ": " + e.getMessage(), e);
        }
    }
}
