package io.consentry.tenants.realm;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.registry.Tenant;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every Keycloak admin call of the api goes through here, to the Keycloak of the cell concerned: a tenant's realm lives
 * on its cell's Keycloak ({@link #of(Tenant)}), the platform realm on the home cell's ({@link #home()}). The home
 * cell's client is the one Quarkus configures (quarkus.keycloak.admin-client.*); the other cells' are built from their
 * settings on first use, with the same service-account set-up (client-credentials grant) — see {@link CellKeycloak}.
 */
@ApplicationScoped
public class RealmAdministration {

    private final Cells cells;
    private final CellKeycloak home;
    private final Map<String, CellKeycloak> others = new ConcurrentHashMap<>();

    RealmAdministration(Keycloak keycloak, Cells cells) {
        this.cells = cells;
        this.home = new CellKeycloak(cells.home().name(), keycloak);
    }

    /** The home cell's Keycloak: the platform realm. */
    public CellKeycloak home() {
        return home;
    }

    /** The Keycloak of the tenant's cell, where its realm lives. */
    public CellKeycloak of(Tenant tenant) {
        return cell(cells.of(tenant));
    }

    /** The Keycloak of a cell (e.g. the target of a move). */
    public CellKeycloak cell(CellSettings cell) {
        if (cell.name().equals(home.cell())) {
            return home;
        }
        return others.computeIfAbsent(cell.name(), name -> new CellKeycloak(name, KeycloakBuilder.builder()
                .serverUrl(cell.keycloakUrl())
                .realm(cell.adminRealm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(cell.adminClientId())
                .clientSecret(cell.adminClientSecret())
                .build()));
    }

    @PreDestroy
    void close() {
        others.values().forEach(CellKeycloak::close);
        others.clear();
    }
}
