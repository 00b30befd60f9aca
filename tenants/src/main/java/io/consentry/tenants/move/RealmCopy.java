package io.consentry.tenants.move;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.realm.RealmException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientMappingsRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.MappingsRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Copies a tenant's realm from one cell's Keycloak to another's, as the api's service account of each.
 * <p>
 * The realm's settings, authentication flows (the second-factor browser flow among them), required actions, roles,
 * groups and clients come from Keycloak's partial export, which masks every secret: each confidential client's secret
 * is then read through its own admin endpoint and put back, so a device keeps its client id and secret and only needs
 * the new token endpoint. The realm's signing keys are not copied (they are masked too): the target makes new ones, and
 * tokens of the old cell stop being accepted, which they would anyway since their issuer changes.
 * <p>
 * Users are copied with their id, attributes, e-mail state, enabled flag, required actions, group memberships and role
 * mappings, service accounts of clients included. The admin API hands out neither password hashes nor authenticator
 * secrets, so people start on the target without a password or authenticator app: they set both again through a
 * fresh setup link (the caller sends them). The realm is created in one request, so it either exists whole or not.
 */
public final class RealmCopy {

    /** What was copied, and checked to be on the target afterwards. */
    public record Copied(int users, int clients, int roles, int groups) {
    }

    private static final String MASKED = "**********";
    private static final String KEY_PROVIDER = "org.keycloak.keys.KeyProvider";
    private static final int PAGE = 100;

    private RealmCopy() {
    }

    /** Copies the realm; fails when a realm of that name exists on the target (nothing of another's is adopted). */
    public static Copied copy(CellSettings source, CellSettings target, String realm, Consumer<Copied> progress) {
        try (Keycloak from = CellClients.keycloak(source); Keycloak to = CellClients.keycloak(target)) {
            if (exists(to, realm)) {
                throw new RealmException("Realm " + realm + " already exists on " + target + "; refusing to overwrite it");
            }
            RealmResource sourceRealm = from.realm(realm);
            RealmRepresentation copy = sourceRealm.partialExport(true, true);
            if (copy.getComponents() != null) {
                copy.getComponents().remove(KEY_PROVIDER);
            }
            if (copy.getSmtpServer() != null && MASKED.equals(copy.getSmtpServer().get("password"))) {
                throw new RealmException("Realm " + realm + " has a mail server password, which Keycloak does not hand out; "
                        + "remove it (the platform mails through the api) before moving the tenant");
            }
            if (copy.getIdentityProviders() != null && !copy.getIdentityProviders().isEmpty()) {
                throw new RealmException("Realm " + realm + " signs in through identity providers whose secrets Keycloak "
                        + "does not hand out; the move does not copy them");
            }
            Map<String, String> clientIdsById = new HashMap<>();
            for (ClientRepresentation client : copy.getClients()) {
                clientIdsById.put(client.getId(), client.getClientId());
                if (!Boolean.TRUE.equals(client.isPublicClient()) && !Boolean.TRUE.equals(client.isBearerOnly())
                        && MASKED.equals(client.getSecret())) {
                    client.setSecret(sourceRealm.clients().get(client.getId()).getSecret().getValue());
                }
            }
            List<UserRepresentation> users = new ArrayList<>();
            for (int first = 0; ; first += PAGE) {
                List<UserRepresentation> page = sourceRealm.users().search(null, first, PAGE, false);
                for (UserRepresentation user : page) {
                    if (user.getServiceAccountClientId() == null && !user.getUsername().startsWith("service-account-")) {
                        users.add(user(sourceRealm, user, null));
                        progress.accept(new Copied(users.size(), 0, 0, 0));
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
            for (ClientRepresentation client : copy.getClients()) {
                if (Boolean.TRUE.equals(client.isServiceAccountsEnabled())) {
                    UserRepresentation account = sourceRealm.clients().get(client.getId()).getServiceAccountUser();
                    users.add(user(sourceRealm, account, client.getClientId()));
                }
            }
            copy.setUsers(users);
            Copied expected = new Copied(users.size(), copy.getClients().size(), roles(copy), groups(copy.getGroups()));
            to.realms().create(copy);
            to.tokenManager().grantToken(); // a token that carries the new realm's management roles
            Copied actual = onTarget(to.realm(realm));
            if (!actual.equals(expected)) {
                throw new RealmException("Realm " + realm + " on " + target + " has " + actual + " after the copy, the source " + expected);
            }
            progress.accept(actual);
            return actual;
        } catch (RealmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RealmException("Keycloak: could not copy realm " + realm + " from " + source + " to " + target + ": " + message(e), e);
        }
    }

    /** What the realm holds on a cell: users (service accounts included), clients, roles, groups. */
    public static Copied count(CellSettings cell, String realm) {
        try (Keycloak keycloak = CellClients.keycloak(cell)) {
            return onTarget(keycloak.realm(realm));
        }
    }

    public static boolean exists(CellSettings cell, String realm) {
        try (Keycloak keycloak = CellClients.keycloak(cell)) {
            return exists(keycloak, realm);
        }
    }

    /** Deletes the realm; false when there was none. */
    public static boolean delete(CellSettings cell, String realm) {
        try (Keycloak keycloak = CellClients.keycloak(cell)) {
            if (!exists(keycloak, realm)) {
                return false;
            }
            keycloak.realm(realm).remove();
            return true;
        } catch (RealmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RealmException("Keycloak: could not delete realm " + realm + " on " + cell + ": " + message(e), e);
        }
    }

    private static UserRepresentation user(RealmResource realm, UserRepresentation source, String serviceAccountOf) {
        UserRepresentation user = new UserRepresentation();
        user.setId(source.getId());
        user.setUsername(source.getUsername());
        user.setEmail(source.getEmail());
        user.setEmailVerified(source.isEmailVerified());
        user.setFirstName(source.getFirstName());
        user.setLastName(source.getLastName());
        user.setEnabled(source.isEnabled());
        user.setCreatedTimestamp(source.getCreatedTimestamp());
        user.setAttributes(source.getAttributes());
        user.setRequiredActions(source.getRequiredActions());
        user.setServiceAccountClientId(serviceAccountOf);
        MappingsRepresentation mappings = realm.users().get(source.getId()).roles().getAll();
        if (mappings.getRealmMappings() != null) {
            user.setRealmRoles(mappings.getRealmMappings().stream().map(RoleRepresentation::getName).toList());
        }
        if (mappings.getClientMappings() != null) {
            Map<String, List<String>> clientRoles = new HashMap<>();
            for (ClientMappingsRepresentation client : mappings.getClientMappings().values()) {
                clientRoles.put(client.getClient(), client.getMappings().stream().map(RoleRepresentation::getName).toList());
            }
            user.setClientRoles(clientRoles);
        }
        if (serviceAccountOf == null) {
            user.setGroups(realm.users().get(source.getId()).groups().stream().map(GroupRepresentation::getPath).toList());
        }
        return user;
    }

    private static Copied onTarget(RealmResource realm) {
        List<ClientRepresentation> clients = realm.clients().findAll();
        // Service accounts are counted from their clients: user searches leave them out on some versions.
        int serviceAccounts = (int) clients.stream().filter(c -> Boolean.TRUE.equals(c.isServiceAccountsEnabled())).count();
        int people = 0;
        for (int first = 0; ; first += PAGE) {
            List<UserRepresentation> page = realm.users().search(null, first, PAGE, true);
            people += (int) page.stream().filter(u -> u.getServiceAccountClientId() == null
                    && !u.getUsername().startsWith("service-account-")).count();
            if (page.size() < PAGE) {
                break;
            }
        }
        int roles = realm.roles().list().size();
        for (ClientRepresentation client : clients) {
            roles += realm.clients().get(client.getId()).roles().list().size();
        }
        return new Copied(people + serviceAccounts, clients.size(), roles, realm.groups().groups().size());
    }

    private static int roles(RealmRepresentation realm) {
        int roles = realm.getRoles() == null || realm.getRoles().getRealm() == null ? 0 : realm.getRoles().getRealm().size();
        if (realm.getRoles() != null && realm.getRoles().getClient() != null) {
            roles += realm.getRoles().getClient().values().stream().mapToInt(List::size).sum();
        }
        return roles;
    }

    /** Top-level groups: the admin API lists sub-groups only on request, so both sides are counted the same way. */
    private static int groups(List<GroupRepresentation> groups) {
        return groups == null ? 0 : groups.size();
    }

    private static boolean exists(Keycloak keycloak, String realm) {
        try {
            keycloak.realm(realm).toRepresentation();
            return true;
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status == Response.Status.NOT_FOUND.getStatusCode()) {
                return false;
            }
            if (status == Response.Status.FORBIDDEN.getStatusCode()) {
                return true; // a realm exists but is not the api's: never adopt it
            }
            throw new RealmException("Keycloak: could not look up realm " + realm + ": " + message(e), e);
        }
    }

    private static String message(RuntimeException e) {
        if (e instanceof WebApplicationException web && web.getResponse() != null) {
            try {
                return web.getResponse().getStatus() + " " + web.getResponse().readEntity(String.class);
            } catch (RuntimeException unreadable) {
                return web.getResponse().getStatus() + " " + e.getMessage();
            }
        }
        return e.getMessage();
    }
}
