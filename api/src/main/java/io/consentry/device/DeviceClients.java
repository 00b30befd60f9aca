package io.consentry.device;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;
import io.consentry.tenants.realm.RealmAdministration;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Device identities in the tenant's Keycloak realm: one confidential client per device, client-credentials grant
 * only, whose service account holds the realm role {@code device}. Secrets are returned to the caller and never kept.
 */
@ApplicationScoped
public class DeviceClients {

    private static final Logger LOG = Logger.getLogger(DeviceClients.class);

    private final RealmAdministration keycloak;

    DeviceClients(RealmAdministration keycloak) {
        this.keycloak = keycloak;
    }

    /** Creates the client and returns its generated secret. */
    public String create(Tenant tenant, String clientId, String displayName) {
        return call(() -> keycloak.of(tenant).call(k -> {
            RealmResource realm = k.realm(tenant.realm);
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(clientId);
            client.setName(displayName);
            client.setDescription("Consentry device (registered by the api; do not edit by hand)");
            client.setEnabled(true);
            client.setProtocol("openid-connect");
            client.setPublicClient(false);
            client.setClientAuthenticatorType("client-secret");
            client.setServiceAccountsEnabled(true);
            client.setStandardFlowEnabled(false);
            client.setImplicitFlowEnabled(false);
            client.setDirectAccessGrantsEnabled(false);
            // Devices get no refresh tokens: they fetch a new access token with their secret.
            client.setAttributes(Map.of("client_credentials.use_refresh_token", "false"));
            try (jakarta.ws.rs.core.Response created = realm.clients().create(client)) {
                if (created.getStatus() != 201) {
                    throw new ApiException(ProblemCode.IDENTITY_PROVIDER_FAILED, "Keycloak refused to create the device client (HTTP " + created.getStatus() + "); nothing was registered.");
                }
            }
            ClientResource resource = client(realm, clientId);
            UserRepresentation serviceAccount = resource.getServiceAccountUser();
            realm.users().get(serviceAccount.getId()).roles().realmLevel()
                    .add(List.of(realm.roles().get(RealmRoles.DEVICE).toRepresentation()));
            return resource.getSecret().getValue();
        }), "create the device client");
    }

    public String rotateSecret(Tenant tenant, String clientId) {
        return call(() -> keycloak.of(tenant).call(k -> client(k.realm(tenant.realm), clientId).generateNewSecret().getValue()), "rotate the device secret");
    }

    /** Removing the client stops new tokens; tokens already issued are refused by the device status check. */
    public void remove(Tenant tenant, String clientId) {
        call(() -> keycloak.of(tenant).call(k -> {
            RealmResource realm = k.realm(tenant.realm);
            List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
            if (!found.isEmpty()) {
                realm.clients().get(found.get(0).getId()).remove();
            }
            return null;
        }), "remove the device client");
    }

    /** Best effort clean-up after a failed registration; a leftover client without a device row cannot call anything. */
    void removeQuietly(Tenant tenant, String clientId) {
        try {
            remove(tenant, clientId);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove device client %s of realm %s after a failed registration: %s", clientId, tenant.realm, e.getMessage());
        }
    }

    private static ClientResource client(RealmResource realm, String clientId) {
        List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
        if (found.isEmpty()) {
            throw new ApiException(ProblemCode.DEVICE_CLIENT_MISSING, "The device's client " + clientId + " no longer exists in the tenant's realm; revoke the device and register it again.");
        }
        return realm.clients().get(found.get(0).getId());
    }

    private static <T> T call(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw e;
        } catch (WebApplicationException e) {
            throw new ApiException(ProblemCode.IDENTITY_PROVIDER_FAILED, "Keycloak could not " + what + " (HTTP " + e.getResponse().getStatus() + ").");
        } catch (RuntimeException e) {
            throw new ApiException(ProblemCode.IDENTITY_PROVIDER_UNAVAILABLE, "Keycloak could not be reached to " + what + "; try again.");
        }
    }
}
