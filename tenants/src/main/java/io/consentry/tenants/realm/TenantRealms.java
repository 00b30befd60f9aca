package io.consentry.tenants.realm;

import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.Set;

/** Creates, enables/disables and removes the Keycloak realm of each tenant. */
@ApplicationScoped
public class TenantRealms {

    /** The platform's own clients: the only ones whose tokens the api accepts (see the api's client allow-list). */
    static final Set<String> PLATFORM_CLIENTS = Set.of(RealmRoles.CONSOLE_CLIENT, RealmRoles.CLI_CLIENT);

    @Inject
    RealmAdministration keycloak;

    @ConfigProperty(name = "consentry.public-url", defaultValue = "http://127.0.0.1:8080")
    String publicUrl;

    @ConfigProperty(name = "consentry.keycloak.cli-direct-access-grants", defaultValue = "false")
    boolean cliDirectGrants;

    public void create(Tenant tenant) {
        if (exists(tenant.realm)) {
            throw new RealmException("Realm " + tenant.realm + " already exists; refusing to adopt it");
        }
        call(() -> keycloak.run(k -> k.realms().create(
                RealmFactory.realm(tenant.realm, tenant.displayName, RealmRoles.TENANT_ROLES, publicUrl, cliDirectGrants))),
                "create realm " + tenant.realm);
        keycloak.refreshToken();
        call(() -> keycloak.run(k -> closeDirectGrants(k.realm(tenant.realm))), "harden the clients of realm " + tenant.realm);
        requireSecondFactor(tenant.realm);
    }

    /**
     * Tenant admins and auditors sign in with a second factor (see {@link SecondFactorPolicy}); idempotent, so the
     * start-up pass applies it to realms made before it existed. Returns true when the realm had to be changed.
     */
    public boolean requireSecondFactor(String realm) {
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
    public int hardenBuiltInClients(String realm) {
        return call(() -> keycloak.call(k -> closeDirectGrants(k.realm(realm))), "harden the clients of realm " + realm);
    }

    public boolean exists(String realm) {
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
    public void setEnabled(String realm, boolean enabled) {
        call(() -> {
            RealmRepresentation change = new RealmRepresentation();
            change.setEnabled(enabled);
            keycloak.run(k -> k.realm(realm).update(change));
        }, (enabled ? "enable" : "disable") + " realm " + realm);
    }

    /**
     * The verified e-mail addresses of the realm's tenant admins (enabled users only): where alerts meant for the
     * tenant's administrators go.
     */
    public java.util.List<String> adminEmails(String realm) {
        return call(() -> keycloak.call(k -> k.realm(realm).roles().get(RealmRoles.TENANT_ADMIN).getUserMembers(0, 200).stream()
                .filter(u -> Boolean.TRUE.equals(u.isEnabled()) && Boolean.TRUE.equals(u.isEmailVerified()) && u.getEmail() != null)
                .map(org.keycloak.representations.idm.UserRepresentation::getEmail).distinct().toList()),
                "list the tenant admins of realm " + realm);
    }

    /** Returns false when there was no realm to remove. */
    public boolean remove(String realm) {
        if (!exists(realm)) {
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
