package io.consentry.console;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.realm.RealmAdministration;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.enterprise.context.ApplicationScoped;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret of each tenant realm's confidential {@code consentry-console} client, read once through the Keycloak
 * admin client of the realm's cell and cached (never logged, never sent to a browser). {@link #forget} drops a stale
 * one after Keycloak rejects it, e.g. after the secret was regenerated or the realm moved to another cell.
 */
@ApplicationScoped
public class ConsoleClientSecrets {

    private final RealmAdministration administration;
    /** Keyed by cell and realm: a realm of the same name on another cell is another client. */
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    ConsoleClientSecrets(RealmAdministration administration) {
        this.administration = administration;
    }

    String secret(CellSettings cell, String realm) {
        return secrets.computeIfAbsent(key(cell, realm), ignored -> administration.cell(cell).call(k -> {
            List<ClientRepresentation> clients = k.realm(realm).clients().findByClientId(RealmRoles.CONSOLE_CLIENT);
            if (clients.isEmpty()) {
                throw new IllegalStateException("The realm has no console client");
            }
            return k.realm(realm).clients().get(clients.get(0).getId()).getSecret().getValue();
        }));
    }

    void forget(CellSettings cell, String realm) {
        secrets.remove(key(cell, realm));
    }

    private static String key(CellSettings cell, String realm) {
        return cell.name() + "/" + realm;
    }
}
