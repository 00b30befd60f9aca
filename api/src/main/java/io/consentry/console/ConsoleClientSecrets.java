package io.consentry.console;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.enterprise.context.ApplicationScoped;
import io.consentry.tenants.realm.RealmAdministration;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret of each tenant realm's confidential {@code consentry-console} client, read once through the Keycloak
 * admin client and cached (never logged, never sent to a browser). {@link #forget} drops a stale one after Keycloak
 * rejects it, e.g. after the secret was regenerated.
 */
@ApplicationScoped
public class ConsoleClientSecrets {

    private final RealmAdministration keycloak;

    ConsoleClientSecrets(RealmAdministration keycloak) {
        this.keycloak = keycloak;
    }

    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    String secret(String realm) {
        return secrets.computeIfAbsent(realm, r -> keycloak.call(k -> {
            List<ClientRepresentation> clients = k.realm(r).clients().findByClientId(RealmRoles.CONSOLE_CLIENT);
            if (clients.isEmpty()) {
                throw new IllegalStateException("The realm has no console client");
            }
            return k.realm(r).clients().get(clients.get(0).getId()).getSecret().getValue();
        }));
    }

    void forget(String realm) {
        secrets.remove(realm);
    }
}
