package io.consentry.tenants.provisioning;

import io.consentry.tenants.registry.TenantKind;

import java.util.Optional;

/** @param cell the cell the operator asked for, or null to place the tenant on the least-loaded cell */
public record NewTenant(String slug, String displayName, TenantKind kind, String cell) {

    public NewTenant(String slug, String displayName, TenantKind kind) {
        this(slug, displayName, kind, null);
    }

    public Optional<String> requestedCell() {
        return Optional.ofNullable(cell).filter(name -> !name.isBlank());
    }
}
