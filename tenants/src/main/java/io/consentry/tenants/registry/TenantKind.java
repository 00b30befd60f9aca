package io.consentry.tenants.registry;

/** What sort of place a tenant controls; it decides the default purposes a tenant starts with. */
public enum TenantKind {
    MALL, BANK, COMPOUND, OTHER
}
