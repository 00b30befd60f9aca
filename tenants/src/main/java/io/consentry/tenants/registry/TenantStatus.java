package io.consentry.tenants.registry;

public enum TenantStatus {
    /** Being created; not usable, and removed again if any provisioning step fails. */
    PROVISIONING,
    ACTIVE,
    /** Tokens of the tenant and its devices are refused until it is resumed. */
    SUSPENDED,
    /** Keyset destroyed; the remaining resources are being removed (a retried delete finishes the job). */
    DELETING
}
