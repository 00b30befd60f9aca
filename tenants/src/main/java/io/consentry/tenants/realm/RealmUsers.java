package io.consentry.tenants.realm;

import io.consentry.tenants.registry.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The people of a tenant's realm who work for the tenant (admins, guards, auditors): created without a password (they
 * choose one through the platform's setup link), each with exactly one staff role, enabled and disabled. Keycloak is
 * where they live (the Keycloak of the tenant's cell); the api keeps no copy. Usernames are the lower-cased e-mail addresses.
 */
@ApplicationScoped
public class RealmUsers {

    /** A staff member as Keycloak holds them. */
    public record Account(String id, String name, String email, String role, boolean enabled, boolean passwordSet,
                          boolean secondFactorSet, long createdAt) {
    }

    /** Keycloak's password policy refused the password. */
    public static final class PasswordRejectedException extends RuntimeException {
        public PasswordRejectedException(String message) {
            super(message);
        }
    }

    /** Why a new account could not be created. */
    public static final class AccountExistsException extends RuntimeException {
        public AccountExistsException(String message) {
            super(message);
        }
    }

    /** The type Keycloak stores authenticator-app credentials under (not the representation's legacy "totp"). */
    static final String OTP_CREDENTIAL = "otp";

    private final RealmAdministration administration;

    RealmUsers(RealmAdministration administration) {
        this.administration = administration;
    }

    /**
     * Creates the account: no password yet; admins and auditors must configure an authenticator app at their first
     * sign-in (CONFIGURE_TOTP, also enforced by the realm's browser flow). Returns its id.
     */
    public String create(Tenant tenant, String name, String email, String role) {
        String realm = tenant.realm;
        CellKeycloak keycloak = administration.of(tenant);
        if (!RealmRoles.STAFF_ROLES.contains(role)) {
            throw new IllegalArgumentException("not a staff role: " + role);
        }
        UserRepresentation user = new UserRepresentation();
        String address = email.strip().toLowerCase(Locale.ROOT);
        user.setUsername(address);
        user.setEmail(address);
        user.setEmailVerified(false);
        user.setEnabled(true);
        String[] names = splitName(name.strip());
        user.setFirstName(names[0]);
        user.setLastName(names[1]);
        user.setRequiredActions(RealmRoles.SECOND_FACTOR_ROLES.contains(role) ? List.of("CONFIGURE_TOTP") : List.of());
        String id = call(() -> keycloak.call(k -> {
            try (Response created = k.realm(realm).users().create(user)) {
                if (created.getStatus() == 409) {
                    throw new AccountExistsException("An account with the e-mail address " + address + " already exists.");
                }
                if (created.getStatus() != 201) {
                    throw new RealmException("Keycloak refused the new account: HTTP " + created.getStatus());
                }
                String location = created.getLocation().getPath();
                return location.substring(location.lastIndexOf('/') + 1);
            }
        }), "create an account in realm " + realm);
        call(() -> keycloak.call(k -> {
            RealmResource r = k.realm(realm);
            r.users().get(id).roles().realmLevel().add(List.of(r.roles().get(role).toRepresentation()));
            return null;
        }), "grant the role " + role + " in realm " + realm);
        return id;
    }

    /** The staff account of this id in this realm; empty for an unknown id or a user who is not staff. */
    public Optional<Account> find(Tenant tenant, String id) {
        String realm = tenant.realm;
        CellKeycloak keycloak = administration.of(tenant);
        return call(() -> keycloak.call(k -> {
            try {
                UserRepresentation user = k.realm(realm).users().get(id).toRepresentation();
                return Optional.ofNullable(account(k.realm(realm), user));
            } catch (WebApplicationException unknown) {
                // The admin client does not always report a 404 as NotFoundException.
                if (unknown.getResponse() != null && unknown.getResponse().getStatus() == 404) {
                    return Optional.<Account>empty();
                }
                throw unknown;
            }
        }), "read an account of realm " + realm);
    }

    /** Every staff member of the realm, ordered by e-mail address. */
    public List<Account> list(Tenant tenant) {
        String realm = tenant.realm;
        CellKeycloak keycloak = administration.of(tenant);
        return call(() -> keycloak.call(k -> {
            RealmResource r = k.realm(realm);
            Map<String, Account> staff = new LinkedHashMap<>();
            for (String role : RealmRoles.STAFF_ROLES) {
                for (UserRepresentation user : r.roles().get(role).getUserMembers(0, 1000)) {
                    staff.computeIfAbsent(user.getId(), id -> account(r, user));
                }
            }
            List<Account> sorted = new ArrayList<>(staff.values());
            sorted.removeIf(java.util.Objects::isNull);
            sorted.sort(java.util.Comparator.comparing(a -> String.valueOf(a.email())));
            return sorted;
        }), "list the staff of realm " + realm);
    }

    /** Sets the chosen password (not temporary) and marks the address verified: the setup link reached it. */
    public void setPassword(Tenant tenant, String id, String password) {
        String realm = tenant.realm;
        CellKeycloak keycloak = administration.of(tenant);
        call(() -> keycloak.call(k -> {
            CredentialRepresentation credential = new CredentialRepresentation();
            credential.setType(CredentialRepresentation.PASSWORD);
            credential.setValue(password);
            credential.setTemporary(false);
            try {
                k.realm(realm).users().get(id).resetPassword(credential);
            } catch (jakarta.ws.rs.BadRequestException refused) {
                throw new PasswordRejectedException("The sign-in service's password rules refused this password.");
            }
            UserRepresentation change = k.realm(realm).users().get(id).toRepresentation();
            change.setEmailVerified(true);
            k.realm(realm).users().get(id).update(change);
            return null;
        }), "set a password in realm " + realm);
    }

    /**
     * Enables or disables the account; disabling also ends every session it has at Keycloak. Returns the ids of the
     * sessions it ended (the {@code sid} of the tokens they issued), empty when enabling.
     */
    public List<String> setEnabled(Tenant tenant, String id, boolean enabled) {
        String realm = tenant.realm;
        CellKeycloak keycloak = administration.of(tenant);
        return call(() -> keycloak.call(k -> {
            UserRepresentation change = k.realm(realm).users().get(id).toRepresentation();
            change.setEnabled(enabled);
            k.realm(realm).users().get(id).update(change);
            if (enabled) {
                return List.<String>of();
            }
            List<String> sessions = k.realm(realm).users().get(id).getUserSessions().stream()
                    .map(org.keycloak.representations.idm.UserSessionRepresentation::getId).toList();
            k.realm(realm).users().get(id).logout();
            return sessions;
        }), (enabled ? "enable" : "disable") + " an account of realm " + realm);
    }

    /** Removes an account (only to undo an invitation that could not be completed). */
    public void remove(Tenant tenant, String id) {
        String realm = tenant.realm;
        CellKeycloak keycloak = administration.of(tenant);
        call(() -> keycloak.call(k -> {
            k.realm(realm).users().get(id).remove();
            return null;
        }), "remove an account of realm " + realm);
    }

    private static Account account(RealmResource realm, UserRepresentation user) {
        List<String> roles = realm.users().get(user.getId()).roles().realmLevel().listAll().stream()
                .map(RoleRepresentation::getName).toList();
        String role = RealmRoles.STAFF_ROLES.stream().filter(roles::contains).findFirst().orElse(null);
        if (role == null) {
            return null;
        }
        List<String> types = realm.users().get(user.getId()).credentials().stream().map(CredentialRepresentation::getType).toList();
        String first = user.getFirstName() == null ? "" : user.getFirstName();
        String last = user.getLastName() == null ? "" : user.getLastName();
        String name = last.isEmpty() || last.equals(first) ? first : first + " " + last;
        return new Account(user.getId(), name, user.getEmail(), role, Boolean.TRUE.equals(user.isEnabled()),
                types.contains(CredentialRepresentation.PASSWORD), types.contains(OTP_CREDENTIAL),
                user.getCreatedTimestamp() == null ? 0 : user.getCreatedTimestamp());
    }

    /**
     * Keycloak's user profile requires a first and a last name (a sign-in would stop to ask for them): a name of one
     * word fills both, and {@link #account} shows it once.
     */
    private static String[] splitName(String name) {
        int space = name.lastIndexOf(' ');
        return space <= 0 ? new String[]{name, name} : new String[]{name.substring(0, space), name.substring(space + 1)};
    }

    private static <T> T call(java.util.function.Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (AccountExistsException | PasswordRejectedException | RealmException e) {
            throw e;
        } catch (WebApplicationException e) {
            throw new RealmException("Keycloak: could not " + what + " (HTTP " + e.getResponse().getStatus() + ")", e);
        } catch (RuntimeException e) {
            throw new RealmException("Keycloak: could not " + what + ": " + e.getMessage(), e);
        }
    }
}
