package io.consentry.tenants.registry;

public enum TenantStatus {
    /** Being created; not usable, and removed again if any provisioning step fails. */
    PROVISIONING,
    ACTIVE,
    /** Tokens of the tenant and its devices are refused until it is resumed. */
    SUSPENDED,
    /**
     * Being moved to another cell: its users and devices are refused (503, try again) and background work leaves it
     * alone until the move switches it over or gives up; then it returns to the status it had (active or suspended).
     */
    MOVING,
    /** Keyset destroyed; the remaining resources are being removed (a retried delete finishes the job). */
    DELETING
}
