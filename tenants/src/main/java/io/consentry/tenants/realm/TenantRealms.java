package io.consentry.tenants.realm;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.Set;

/** Creates, enables/disables and removes the Keycloak realm of each tenant, on the Keycloak of the tenant's cell. */
@ApplicationScoped
public class TenantRealms {

    /** The platform's own clients: the only ones whose tokens the api accepts (see the api's client allow-list). */
    static final Set<String> PLATFORM_CLIENTS = Set.of(RealmRoles.CONSOLE_CLIENT, RealmRoles.CLI_CLIENT);

    private final RealmAdministration administration;
    private final String publicUrl;
    private final boolean cliDirectGrants;

    TenantRealms(RealmAdministration administration,
                 @ConfigProperty(name = "consentry.public-url", defaultValue = "http://127.0.0.1:8080") String publicUrl,
                 @ConfigProperty(name = "consentry.keycloak.cli-direct-access-grants", defaultValue = "false")
                 boolean cliDirectGrants) {
        this.administration = administration;
        this.publicUrl = publicUrl;
        this.cliDirectGrants = cliDirectGrants;
    }

    public void create(Tenant tenant) {
        CellKeycloak keycloak = administration.of(tenant);
        if (exists(keycloak, tenant.realm)) {
            throw new RealmException("Realm " + tenant.realm + " already exists; refusing to adopt it");
        }
        call(() -> keycloak.run(k -> k.realms().create(
                RealmFactory.realm(tenant.realm, tenant.displayName, RealmRoles.TENANT_ROLES, publicUrl, cliDirectGrants))),
                "create realm " + tenant.realm);
        keycloak.refreshToken();
        call(() -> keycloak.run(k -> closeDirectGrants(k.realm(tenant.realm))), "harden the clients of realm " + tenant.realm);
        requireSecondFactor(keycloak, tenant.realm);
    }

    /**
     * Tenant admins and auditors sign in with a second factor (see {@link SecondFactorPolicy}); idempotent, so the
     * start-up pass applies it to realms made before it existed. Returns true when the realm had to be changed.
     */
    public boolean requireSecondFactor(Tenant tenant) {
        return requireSecondFactor(administration.of(tenant), tenant.realm);
    }

    private static boolean requireSecondFactor(CellKeycloak keycloak, String realm) {
        return call(() -> keycloak.call(k -> SecondFactorPolicy.apply(k.realm(realm))), "require a second factor in realm " + realm);
    }

    /**
     * Keycloak's built-in clients of a realm (admin-cli, account, …) are not the platform's: none of them may sign a
     * user in with a password, so a sign-in policy set on the console's browser flow (e.g. a second factor) cannot be
     * skipped through them. The api refuses their tokens anyway (client allow-list); this closes the door at Keycloak.
     * Idempotent.
     */
    public static int closeDirectGrants(RealmResource realm) {
        int closed = 0;
        for (ClientRepresentation client : realm.clients().findAll()) {
            if (!PLATFORM_CLIENTS.contains(client.getClientId()) && Boolean.TRUE.equals(client.isDirectAccessGrantsEnabled())) {
                client.setDirectAccessGrantsEnabled(false);
                realm.clients().get(client.getId()).update(client);
                closed++;
            }
        }
        return closed;
    }

    /** For realms made before provisioning did so (start-up of an upgraded api): see {@link #closeDirectGrants}. */
    public int hardenBuiltInClients(Tenant tenant) {
        return call(() -> administration.of(tenant).call(k -> closeDirectGrants(k.realm(tenant.realm))),
                "harden the clients of realm " + tenant.realm);
    }

    /** Whether the tenant's realm exists on its cell's Keycloak. */
    public boolean exists(Tenant tenant) {
        return exists(administration.of(tenant), tenant.realm);
    }

    /** Whether a realm of that name exists on that cell's Keycloak (one the api made or not). */
    public boolean exists(CellSettings cell, String realm) {
        return exists(administration.cell(cell), realm);
    }

    private static boolean exists(CellKeycloak keycloak, String realm) {
        try {
            keycloak.call(k -> k.realm(realm).toRepresentation());
            return true;
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return false;
            }
            if (e.getResponse().getStatus() == 403) {
                return true; // a realm exists but is not the api's: never adopt it
            }
            throw e;
        } catch (RuntimeException e) {
            throw new RealmException("Keycloak: could not look up realm " + realm + ": " + e.getMessage(), e);
        }
    }

    /** A disabled realm issues no new tokens; the api refuses the existing ones through the tenant status. */
    public void setEnabled(Tenant tenant, boolean enabled) {
        call(() -> {
            RealmRepresentation change = new RealmRepresentation();
            change.setEnabled(enabled);
            administration.of(tenant).run(k -> k.realm(tenant.realm).update(change));
        }, (enabled ? "enable" : "disable") + " realm " + tenant.realm);
    }

    /**
     * The verified e-mail addresses of the realm's tenant admins (enabled users only): where alerts meant for the
     * tenant's administrators go.
     */
    public java.util.List<String> adminEmails(Tenant tenant) {
        String realm = tenant.realm;
        return call(() -> administration.of(tenant).call(k -> k.realm(realm).roles().get(RealmRoles.TENANT_ADMIN).getUserMembers(0, 200).stream()
                .filter(u -> Boolean.TRUE.equals(u.isEnabled()) && Boolean.TRUE.equals(u.isEmailVerified()) && u.getEmail() != null)
                .map(org.keycloak.representations.idm.UserRepresentation::getEmail).distinct().toList()),
                "list the tenant admins of realm " + realm);
    }

    /** Returns false when there was no realm to remove. */
    public boolean remove(Tenant tenant) {
        return remove(administration.of(tenant), tenant.realm);
    }

    /** Removes a realm from that cell's Keycloak (e.g. the copy left on a cell a tenant moved away from). */
    public boolean remove(CellSettings cell, String realm) {
        return remove(administration.cell(cell), realm);
    }

    private static boolean remove(CellKeycloak keycloak, String realm) {
        if (!exists(keycloak, realm)) {
            return false;
        }
        call(() -> keycloak.run(k -> k.realm(realm).remove()), "remove realm " + realm);
        return true;
    }

    private static void call(Runnable call, String what) {
        call(() -> {
            call.run();
            return null;
        }, what);
    }

    private static <T> T call(java.util.function.Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            throw new RealmException("Keycloak: could not " + what + " (HTTP " + e.getResponse().getStatus() + ")", e);
        } catch (RuntimeException e) {
            throw new RealmException("Keycloak: could not " + what + ": " + e.getMessage(), e);
        }
    }
}
