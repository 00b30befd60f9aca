package io.consentry.tenants.provisioning;

import io.consentry.tenants.registry.TenantKind;

public record NewTenant(String slug, String displayName, TenantKind kind) {
}
