package io.consentry.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A person to invite as staff (also the first admin of a new tenant).
 *
 * @param name  as the person is called (no markup characters: the sign-in service refuses them in names)
 * @param email where the setup link goes; also the sign-in name
 * @param role  tenant-admin, guard or auditor
 */
public record InviteStaff(
        @NotBlank @Size(max = 100) @Pattern(regexp = NAME, message = "must be a person's name without <>&\"$%!#?§;*~/\\|^=[]{}() or control characters") String name,
        @NotBlank @Size(max = 254) @Pattern(regexp = EMAIL, message = "must be an e-mail address such as name@example.com") String email,
        @NotNull @Pattern(regexp = "tenant-admin|guard|auditor", message = "must be one of tenant-admin, guard, auditor") String role) {

    /** What Keycloak's default person-name validator accepts. */
    public static final String NAME = "[^<>&\"$%!#?§;*~/\\\\|^=\\[\\]{}()\\p{Cntrl}]+";
    public static final String EMAIL = "[^@\\s\"<>()\\[\\],;:\\\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\\.[A-Za-z]{2,63}";
}
