package io.consentry.tenants.realm;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.RolesRepresentation;

import java.util.List;

/** Builds the representation of a realm the platform creates: its roles and its two clients. */
final class RealmFactory {

    private RealmFactory() {
    }

    static RealmRepresentation realm(String name, String displayName, List<String> roles, String publicUrl, boolean cliDirectGrants) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setDisplayName(displayName);
        realm.setEnabled(true);
        realm.setBruteForceProtected(true);
        realm.setAccessTokenLifespan(300);
        realm.setRegistrationAllowed(false);

        RolesRepresentation roleSet = new RolesRepresentation();
        roleSet.setRealm(roles.stream().map(role -> {
            RoleRepresentation representation = new RoleRepresentation();
            representation.setName(role);
            return representation;
        }).toList());
        realm.setRoles(roleSet);
        realm.setClients(List.of(consoleClient(publicUrl), cliClient(cliDirectGrants)));
        return realm;
    }

    private static ClientRepresentation consoleClient(String publicUrl) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(RealmRoles.CONSOLE_CLIENT);
        client.setName("Consentry console");
        client.setEnabled(true);
        client.setPublicClient(false);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setRedirectUris(List.of(publicUrl + "/*"));
        client.setWebOrigins(List.of(publicUrl));
        return client;
    }

    private static ClientRepresentation cliClient(boolean directGrants) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(RealmRoles.CLI_CLIENT);
        client.setName("Consentry command line");
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(directGrants);
        return client;
    }
}
