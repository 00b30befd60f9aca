package io.consentry.platform;

import io.consentry.tenants.registry.TenantKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record CreateTenantRequest(
        @NotBlank @Size(max = 40) String slug,
        @NotBlank @Size(max = 200) String displayName,
        @NotNull TenantKind kind) {
}
