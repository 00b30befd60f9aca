package io.consentry.platform;

import io.consentry.staff.InviteStaff;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A tenant admin invited by the operator (the tenant's first, or another one when the first is gone): an account
 * without password in the tenant's realm, and a setup link mailed to them.
 */
public record FirstAdmin(
        @NotBlank @Size(max = 100) @Pattern(regexp = InviteStaff.NAME, message = "must be a person's name without <>&\"$%!#?§;*~/\\|^=[]{}() or control characters") String name,
        @NotBlank @Size(max = 254) @Pattern(regexp = InviteStaff.EMAIL, message = "must be an e-mail address such as name@example.com") String email) {

    InviteStaff asInvitation() {
        return new InviteStaff(name, email, RealmRoles.TENANT_ADMIN);
    }
}
