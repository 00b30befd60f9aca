package io.consentry.staff;

import io.consentry.tenants.realm.RealmUsers;

import java.time.Instant;

/**
 * A staff member as admins and operators see it.
 *
 * @param status       INVITED (no password chosen yet), ACTIVE or DISABLED
 * @param secondFactor whether an authenticator app is set up (admins and auditors must have one to sign in)
 */
public record StaffView(String id, String name, String email, String role, String status, boolean secondFactor,
                        Instant createdAt) {

    static StaffView of(RealmUsers.Account account) {
        String status = !account.enabled() ? "DISABLED" : account.passwordSet() ? "ACTIVE" : "INVITED";
        return new StaffView(account.id(), account.name(), account.email(), account.role(), status,
                account.secondFactorSet(), account.createdAt() == 0 ? null : Instant.ofEpochMilli(account.createdAt()));
    }
}
