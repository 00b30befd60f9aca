package io.consentry.platform;

import io.consentry.controller.Controller;
import io.consentry.tenants.registry.TenantKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * @param controller optional: the tenant's data controller as the operator onboarding it knows it (legal name, address,
 *                   e-mail, phone, privacy policy, jurisdiction); the tenant's admins can change it later. Without it the
 *                   profile starts with the display name only, and no notice can be published until an admin completes it.
 * @param firstAdmin required: the tenant's first admin, who gets an account in the tenant's realm and a setup link by
 *                   e-mail (a tenant nobody can sign in to is of no use, and creating its admin by hand is not an
 *                   operator's job)
 * @param cell       optional: the cell to place the tenant on (a name from {@code consentry.cells.names} or the home
 *                   cell); without it the platform places it on the least-loaded cell
 */
public record CreateTenantRequest(
        @NotBlank @Size(max = 40) String slug,
        @NotBlank @Size(max = 200) String displayName,
        @NotNull TenantKind kind,
        @Valid Controller controller,
        @NotNull @Valid FirstAdmin firstAdmin,
        @Size(max = 63) String cell) {
}
